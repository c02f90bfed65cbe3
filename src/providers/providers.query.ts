import type { DataOf } from '../common/dto.js';
import type { ProvidersQueryDto } from './providers.dto.js';

export { VIEWS, type View } from './providers.dto.js';

/** The query of /providers as the service takes it (validated by ProvidersQueryDto). */
export type ProvidersQuery = DataOf<ProvidersQueryDto>;
