export { CATALOG_FRAGMENT, catalogFragment, renderCatalogFragment } from './catalog/catalog-fragment.js';
export { type Column, type ColumnType, duckdbType, hiveType } from './catalog/column-types.js';
export { glueTableInput } from './catalog/glue-table.js';
export {
  curatedTableName,
  LAKE_TABLES,
  type LakeTable,
  locationTemplate,
  partitionFolder,
} from './catalog/tables.js';
export { type CliIo, type QueryCliOptions, runQueryCli } from './cli/query-cli.js';
export { QueryError, UsageError } from './errors.js';
export { LocalQueryEngine, type QueryResult } from './local/engine.js';
export { type LocalLake, locateLocalLake } from './local/lake.js';
export { formatResult, OUTPUT_FORMATS, type OutputFormat } from './output-format.js';
export { loadSavedQueries, type SavedQuery } from './saved-queries.js';
