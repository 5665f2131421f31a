/** Event timestamps as RFC 3339 allows them to be written, for property tests. */
import fc from 'fast-check';

/** An instant as UTC with or without milliseconds, with lower-case `t`/`z`, or with an offset. */
export const rfc3339Timestamp = fc
  .tuple(
    fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom('ms', 'seconds', 'lower-case', '+02:00', '-05:30', '+00:00'),
  )
  .map(([date, form]) => {
    const iso = date.toISOString();
    if (form === 'ms') return iso;
    if (form === 'seconds') return iso.replace(/\.\d{3}Z$/, 'Z');
    if (form === 'lower-case') return iso.replace('T', 't').replace('Z', 'z');
    const sign = form.startsWith('-') ? -1 : 1;
    const [hours, minutes] = form.slice(1).split(':').map(Number) as [number, number];
    return new Date(date.getTime() + sign * (hours * 60 + minutes) * 60_000).toISOString().replace('Z', form);
  });
