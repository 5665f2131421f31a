/** How both services store the lake's objects: JSON Lines, one record a line. */

/**
 * The PutObject settings of every lake object. Encryption is explicit, so an object is
 * encrypted even if the bucket's default were ever removed.
 */
export const LAKE_OBJECT_SETTINGS = {
  ContentType: 'application/x-ndjson',
  ServerSideEncryption: 'AES256',
} as const;
