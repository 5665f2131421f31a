/**
 * TLS 1.2 or later: every bucket's policy denies requests whose `s3:TlsVersion` is below 1.2, on
 * the bucket and on its objects. AWS endpoints refuse older TLS already; the statement makes the
 * requirement explicit, and keeps it if an endpoint ever accepted less.
 */
import { mentionsResource, referencedResource, renderString } from '../intrinsics.js';
import type { CfnTemplate, Finding } from '../template.js';
import { resourcesOfType } from '../template.js';
import { asList, isOutdatedTlsDenial, resourcePolicies } from './policy-documents.js';
import { findingsFor, type Rule } from './rule.js';

const MINIMUM_TLS_VERSION = 1.2;

/** The statement's resources name the bucket itself and its objects (`.../*`). */
function coversBucketAndObjects(resources: unknown, bucketId: string): boolean {
  const rendered = asList(resources).map(renderString);
  const bucket = rendered.some(
    (r) => !r.endsWith('/*') && (r === `\${${bucketId}.Arn}` || r.includes(`\${${bucketId}}`)),
  );
  const objects = rendered.some((r) => r.endsWith('/*') && mentionsResource(r, bucketId));
  return bucket && objects;
}

export const tlsMinimumVersion: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'tls-1.2');
  const guarded = new Set<string>();
  for (const policy of resourcePolicies(template)) {
    const resource = template.Resources[policy.resource];
    if (resource?.Type !== 'AWS::S3::BucketPolicy') continue;
    const bucketId = referencedResource(resource.Properties?.Bucket);
    if (!bucketId) continue;
    const denies = policy.statements.some(
      (s) => isOutdatedTlsDenial(s, MINIMUM_TLS_VERSION) && coversBucketAndObjects(s.Resource, bucketId),
    );
    if (denies) guarded.add(bucketId);
  }
  const findings: Finding[] = [];
  for (const [id] of resourcesOfType(template, 'AWS::S3::Bucket')) {
    if (!guarded.has(id)) {
      findings.push(
        finding(
          id,
          'BucketPolicy',
          `no AWS::S3::BucketPolicy denies s3:* on the bucket and its objects when s3:TlsVersion is below ${MINIMUM_TLS_VERSION}`,
        ),
      );
    }
  }
  return findings;
};
