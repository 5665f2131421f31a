/**
 * A lake table as CloudFormation's AWS::Glue::Table: columns in Hive types, and Athena partition
 * projection whose `storage.location.template` is the key layout itself, so that a partition is
 * queryable the moment its first object is written (no crawler, no MSCK REPAIR).
 */
import { hiveType } from './column-types.js';
import { type LakeBucket, type LakeTable, locationTemplate, type PartitionKey } from './tables.js';

/** The infrastructure stack's logical id of each bucket (resources/buckets.yml). */
const BUCKET_RESOURCE: Readonly<Record<LakeBucket, string>> = {
  raw: 'RawBucket',
  processed: 'ProcessedBucket',
};

const FORMATS = {
  json: {
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
  },
  parquet: {
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
  },
} as const;

function projectionParameters(key: PartitionKey): Record<string, string> {
  const prefix = `projection.${key.name}`;
  const { projection } = key;
  if (projection.type === 'enum')
    return { [`${prefix}.type`]: 'enum', [`${prefix}.values`]: projection.values.join(',') };
  return {
    [`${prefix}.type`]: 'integer',
    [`${prefix}.range`]: `${projection.min},${projection.max}`,
    [`${prefix}.digits`]: String(projection.digits),
  };
}

/** `s3://${Bucket}/<path>` for Fn::Sub; the template's own `${key}` placeholders are escaped as `${!key}`. */
function s3Sub(table: LakeTable, path: string): { 'Fn::Sub': string } {
  return { 'Fn::Sub': `s3://\${${BUCKET_RESOURCE[table.bucket]}}/${path.replaceAll('${', '${!')}` };
}

export function glueTableInput(table: LakeTable): Record<string, unknown> {
  return {
    Name: table.name,
    Description: table.description,
    TableType: 'EXTERNAL_TABLE',
    Parameters: {
      EXTERNAL: 'TRUE',
      classification: table.format,
      'projection.enabled': 'true',
      ...Object.assign({}, ...table.partitionKeys.map(projectionParameters)),
      'storage.location.template': s3Sub(table, locationTemplate(table)),
    },
    PartitionKeys: table.partitionKeys.map((k) => ({ Name: k.name, Type: k.type })),
    StorageDescriptor: {
      Columns: table.columns.map((c) => ({ Name: c.name, Type: hiveType(c.type) })),
      Location: s3Sub(table, table.root),
      ...FORMATS[table.format],
    },
  };
}
