export type BarRow = { label: string; value: number; href?: string; secondary?: number };

/**
 * A chart people read rather than decode: one labelled row per item, a bar drawn to scale and the
 * number written beside it, so it reads without colour and with a screen reader. An optional
 * second value is drawn as a hatched bar below the first.
 */
export function BarList({
  title,
  rows,
  unit = "",
  max,
  legend,
}: {
  title: string;
  rows: BarRow[];
  unit?: string;
  max?: number;
  legend?: [string, string];
}) {
  const top = max ?? Math.max(1, ...rows.flatMap((r) => [r.value, r.secondary ?? 0]));
  return (
    <figure className="bar-list">
      <figcaption>{title}</figcaption>
      {legend ? (
        <p className="bar-list__legend small">
          <span className="bar-list__swatch" aria-hidden="true" /> {legend[0]}{" "}
          <span className="bar-list__swatch bar-list__swatch--secondary" aria-hidden="true" /> {legend[1]}
        </p>
      ) : null}
      <ul>
        {rows.map((row) => (
          <li key={row.label} className="bar-list__row">
            {/* A plain link: a national chart has 150 rows, and each <Link> costs the server time to resolve while the page is rendered. */}
            <span className="bar-list__label">{row.href ? <a href={row.href}>{row.label}</a> : row.label}</span>
            <span className="bar-list__bars" aria-hidden="true">
              <span className="bar-list__bar" style={{ width: `${Math.max(0.5, (row.value / top) * 100)}%` }} />
              {row.secondary !== undefined ? (
                <span
                  className="bar-list__bar bar-list__bar--secondary"
                  style={{ width: `${Math.max(0.5, (row.secondary / top) * 100)}%` }}
                />
              ) : null}
            </span>
            <span className="bar-list__value">
              {row.value.toLocaleString("en-MY")}
              {unit}
              {row.secondary !== undefined && legend ? <span className="muted"> · {row.secondary.toLocaleString("en-MY")}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
