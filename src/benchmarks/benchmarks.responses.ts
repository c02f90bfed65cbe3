import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ClinicBand } from '../common/common.responses.js';
import { BENCHMARKABLE_METRICS } from './catalogue.js';

const CATEGORY = 'Category of chair (hygiene, restorative, orthodontic, surgery, imaging, consultation, …); null: every chair';
const FRACTION = 'A fraction of 1';

/** A benchmark a group set for itself, kept with who set it and when. */
export class GroupBenchmark {
  @ApiProperty({ type: String, format: 'uuid', example: '0b7d3f4e-1c2a-4e55-9d7b-2f7c1e9a6b10' })
  id!: string;
  @ApiProperty({ type: String, example: 'clinic-a' })
  clinicId!: string;
  @ApiProperty({ enum: BENCHMARKABLE_METRICS, description: 'The figure it is compared with', example: 'noShowRate' })
  metric!: string;
  @ApiProperty({ type: String, nullable: true, description: CATEGORY, example: null })
  category!: string | null;
  @ApiProperty({ type: Number, description: `Low end. ${FRACTION}`, example: 0.05 })
  low!: number;
  @ApiProperty({ type: Number, description: `High end (equal to low for a single value). ${FRACTION}`, example: 0.05 })
  high!: number;
  @ApiProperty({ type: String, example: 'internal target' })
  label!: string;
  @ApiProperty({ type: String, nullable: true, example: 'agreed at the October managers meeting' })
  note!: string | null;
  @ApiProperty({ type: String, description: 'Token subject that set it', example: 'ops-admin@group' })
  createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export class GroupBenchmarkList {
  @ApiProperty({ type: () => [GroupBenchmark] })
  items!: GroupBenchmark[];
}

class CatalogueRange {
  @ApiProperty({ type: Number, description: FRACTION })
  low!: number;
  @ApiProperty({ type: Number, description: FRACTION })
  high!: number;
}

class CatalogueTopDecile {
  @ApiProperty({ type: Number, description: FRACTION })
  value!: number;
  @ApiProperty({ enum: ['under', 'over', 'about'] })
  comparison!: 'under' | 'over' | 'about';
}

class CatalogueSource {
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: String, example: 'Henry Schein One 2026' })
  shortName!: string;
  @ApiProperty({ type: String, format: 'uri' })
  url!: string;
  @ApiPropertyOptional({ type: [String], description: 'Further addresses of the same source' })
  otherUrls?: string[];
  @ApiProperty({ enum: ['survey', 'vendor-data', 'consultant-target', 'research'] })
  kind!: string;
  @ApiProperty({ type: Boolean, description: "A vendor's figure from its own customers' data" })
  vendor!: boolean;
}

class CatalogueAlsoReported {
  @ApiProperty({ type: String })
  what!: string;
  @ApiProperty({ type: Number, description: FRACTION })
  value!: number;
  @ApiPropertyOptional({ enum: ['under', 'over', 'about'] })
  comparison?: 'under' | 'over' | 'about';
  @ApiProperty({ type: String })
  note!: string;
}

class CatalogueVerification {
  @ApiProperty({ enum: ['verified', 'partial', 'unverified'] })
  status!: string;
  @ApiProperty({ type: String, format: 'date' })
  checkedOn!: string;
  @ApiProperty({ type: String })
  note!: string;
}

/** One published figure of data/benchmarks.json. */
export class CatalogueEntry {
  @ApiProperty({ type: String, example: 'hs1-catalyst-2026-no-show' })
  id!: string;
  @ApiProperty({ enum: BENCHMARKABLE_METRICS })
  metric!: string;
  @ApiProperty({ type: String, nullable: true, description: CATEGORY })
  category!: string | null;
  @ApiPropertyOptional({ type: Number, description: `A single value (or range). ${FRACTION}` })
  value?: number;
  @ApiPropertyOptional({ type: () => CatalogueRange, description: 'A range (or value)' })
  range?: CatalogueRange;
  @ApiPropertyOptional({ type: () => CatalogueTopDecile })
  topDecile?: CatalogueTopDecile;
  @ApiProperty({ type: String })
  label!: string;
  @ApiProperty({ type: String, description: 'Who the figure describes' })
  population!: string;
  @ApiProperty({ type: 'integer', example: 2026 })
  year!: number;
  @ApiProperty({ type: () => CatalogueSource })
  source!: CatalogueSource;
  @ApiProperty({ type: String, description: "The source's definition" })
  definition!: string;
  @ApiProperty({ type: String, description: 'How it differs from ours' })
  differsFromOurs!: string;
  @ApiProperty({ enum: ['higher-is-better', 'lower-is-better', 'target-range', 'ceiling'] })
  direction!: string;
  @ApiPropertyOptional({ type: () => [CatalogueAlsoReported] })
  alsoReported?: CatalogueAlsoReported[];
  @ApiProperty({ type: () => CatalogueVerification })
  verification!: CatalogueVerification;
}

export class BenchmarkCatalogue {
  @ApiProperty({ type: 'integer', example: 1 })
  schemaVersion!: number;
  @ApiProperty({ type: String, example: '2026-11-30' })
  catalogueVersion!: string;
  @ApiProperty({ type: String })
  description!: string;
  @ApiProperty({ type: () => [CatalogueEntry] })
  entries!: CatalogueEntry[];
}

/** GET /benchmarks. */
export class BenchmarksResponse {
  @ApiProperty({ type: () => BenchmarkCatalogue, description: 'The published catalogue (data/benchmarks.json)' })
  catalogue!: BenchmarkCatalogue;
  @ApiProperty({ type: () => [GroupBenchmark], description: 'The group benchmarks of the clinics asked for' })
  group!: GroupBenchmark[];
}

/** The source of a benchmark beside a figure. */
export class BenchmarkSource {
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: String, example: 'Henry Schein One 2026' })
  shortName!: string;
  @ApiProperty({ type: String, format: 'uri' })
  url!: string;
  @ApiProperty({ type: Boolean })
  vendor!: boolean;
  @ApiProperty({ enum: ['survey', 'vendor-data', 'consultant-target', 'research'] })
  kind!: string;
}

/** One benchmark beside one of our figures: published (industry) or the group's own. */
export class BenchmarkRef {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ enum: ['industry', 'group'] })
  origin!: 'industry' | 'group';
  @ApiProperty({ type: String })
  label!: string;
  @ApiProperty({ type: Number, description: FRACTION })
  low!: number;
  @ApiProperty({ type: Number, description: FRACTION })
  high!: number;
  @ApiProperty({ type: String, example: '77–88 %' })
  display!: string;
  @ApiProperty({ enum: ['below', 'within', 'above'], nullable: true, description: 'Where our figure lies; null without a figure' })
  position!: 'below' | 'within' | 'above' | null;
  @ApiPropertyOptional({ type: String, description: 'Industry: who the figure describes' })
  population?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Industry: the year of the figure' })
  year?: number;
  @ApiPropertyOptional({ type: () => BenchmarkSource, description: 'Industry: the source' })
  source?: BenchmarkSource;
  @ApiPropertyOptional({ type: String, description: 'Industry: how its definition differs from ours' })
  definitionDiffers?: string;
  @ApiPropertyOptional({ enum: ['verified', 'partial', 'unverified'], description: 'Industry: how far the figure was checked against the source' })
  verification?: string;
  @ApiPropertyOptional({ type: String, description: "Group: the clinic's id" })
  clinicId?: string;
  @ApiPropertyOptional({ type: String, description: 'Group: who set it' })
  setBy?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Group: when' })
  setAt?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Group: the note' })
  note?: string | null;
}

export class IndustryRange {
  @ApiProperty({ type: Number, description: FRACTION })
  low!: number;
  @ApiProperty({ type: Number, description: FRACTION })
  high!: number;
  @ApiProperty({ type: String, example: '3–7.4 %' })
  display!: string;
  @ApiProperty({ type: [String], description: 'Short names of the sources' })
  sources!: string[];
}

/** One of our figures beside the published and the group's benchmarks. */
export class BenchmarkComparison {
  @ApiProperty({ enum: BENCHMARKABLE_METRICS, example: 'noShowRate' })
  metric!: string;
  @ApiProperty({ type: String, nullable: true, description: CATEGORY })
  category!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Our figure; null without data' })
  ours!: number | null;
  @ApiProperty({ type: String, example: 'no-show 9.5 % · industry 3–7.4 % (Henry Schein One 2026, Planet DDS 2025)' })
  summary!: string;
  @ApiProperty({ type: () => IndustryRange, nullable: true, description: 'The span of the published figures; null when there is none' })
  industry!: IndustryRange | null;
  @ApiProperty({ type: () => [BenchmarkRef] })
  benchmarks!: BenchmarkRef[];
  @ApiProperty({ type: [String], description: 'Where a definition differs from ours' })
  definitionNotes!: string[];
}

/** A compact benchmark beside a chair's row. */
export class RowBenchmark {
  @ApiProperty({ enum: BENCHMARKABLE_METRICS })
  metric!: string;
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ enum: ['industry', 'group'] })
  origin!: 'industry' | 'group';
  @ApiProperty({ type: String, example: '90–92 %' })
  display!: string;
  @ApiProperty({ enum: ['below', 'within', 'above'], nullable: true })
  position!: 'below' | 'within' | 'above' | null;
  @ApiProperty({ type: String, description: 'Short name of the source, or the label of a group benchmark' })
  source!: string;
  @ApiProperty({ type: String, format: 'uri', nullable: true })
  url!: string | null;
}

/** A clinic's band for one category of chair. */
export class CategoryBand {
  @ApiProperty({ type: String, example: 'clinic-a' })
  clinicId!: string;
  @ApiProperty({ type: String, example: 'hygiene' })
  category!: string;
  @ApiProperty({ type: Number, description: FRACTION, example: 0.75 })
  lowThreshold!: number;
  @ApiProperty({ type: Number, description: FRACTION, example: 0.85 })
  targetLow!: number;
  @ApiProperty({ type: Number, description: FRACTION, example: 0.92 })
  targetHigh!: number;
  @ApiProperty({ type: Number, description: FRACTION, example: 0.96 })
  riskThreshold!: number;
  @ApiProperty({ type: String, example: 'ops-admin@group' })
  updatedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}

/** GET /settings/{clinicId}/categories. */
export class CategoryBands {
  @ApiProperty({ type: String, example: 'clinic-a' })
  clinicId!: string;
  @ApiProperty({ type: () => ClinicBand, description: "The clinic's own band, for resources of a category without one" })
  clinicBand!: ClinicBand;
  @ApiProperty({ type: [String], description: "The categories the clinic's resources carry" })
  categoriesInUse!: string[];
  @ApiProperty({ type: [String], description: 'The categories the service knows by name (others may be used)' })
  knownCategories!: string[];
  @ApiProperty({ type: () => [CategoryBand] })
  items!: CategoryBand[];
}
