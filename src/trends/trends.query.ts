import type { DataOf } from '../common/dto.js';
import type { TrendsQueryDto } from './trends.dto.js';

export { aboutProviders, GRANULARITIES, GROUP_BY } from './trends.dto.js';

/** The query of /trends as the service takes it (validated by TrendsQueryDto). */
export type TrendsQuery = DataOf<TrendsQueryDto>;
