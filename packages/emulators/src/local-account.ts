/**
 * The one account, region and key pair of the local stack. The emulators agree on the account:
 * kinesalite and dynalite put 000000000000 in their ARNs by default, and the SQS emulator is
 * given it for its queue URLs and ARNs (its own default is 123456789012).
 */

export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_REGION = 'us-east-1';
/** s3rver accepts only its own access key id (SigV4 signatures are not checked); the others accept any. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
