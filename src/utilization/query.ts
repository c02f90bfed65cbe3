import type { DataOf } from '../common/dto.js';
import type { ChairsQueryDto } from './utilization.dto.js';

/** The query of /chairs as the service takes it (validated by ChairsQueryDto). */
export type ChairsQuery = DataOf<ChairsQueryDto>;
