// A small stroke icon set drawn inline (no icon font or image requests, which
// the CSP would have to allow). Icons are decorative: labels carry meaning.
import type { ReactElement } from 'react';

const PATHS = {
  server: (
    <>
      <rect x="2.5" y="2.5" width="11" height="4.5" rx="1.2" />
      <rect x="2.5" y="9" width="11" height="4.5" rx="1.2" />
      <path d="M5 4.75h.01M5 11.25h.01M8 4.75h3M8 11.25h3" />
    </>
  ),
  laptop: (
    <>
      <rect x="3" y="3" width="10" height="7" rx="1" />
      <path d="M1.5 12.5h13" />
    </>
  ),
  monitor: (
    <>
      <rect x="1.75" y="2.5" width="12.5" height="8.5" rx="1.2" />
      <path d="M5.5 13.75h5M8 11v2.75" />
    </>
  ),
  disk: (
    <>
      <rect x="2" y="3" width="12" height="10" rx="1.5" />
      <path d="M2 9.5h12M4.75 11.25h.01M7 11.25h.01" />
    </>
  ),
  database: (
    <>
      <ellipse cx="8" cy="3.75" rx="5.25" ry="1.75" />
      <path d="M2.75 3.75v8.5c0 .97 2.35 1.75 5.25 1.75s5.25-.78 5.25-1.75v-8.5" />
      <path d="M2.75 8c0 .97 2.35 1.75 5.25 1.75S13.25 8.97 13.25 8" />
    </>
  ),
  file: (
    <>
      <path d="M9.25 1.75H4.5a1 1 0 0 0-1 1v10.5a1 1 0 0 0 1 1h7a1 1 0 0 0 1-1V5z" />
      <path d="M9.25 1.75V5h3.25" />
    </>
  ),
  folder: <path d="M1.75 4.25a1 1 0 0 1 1-1h3.5l1.5 1.5h5.5a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1H2.75a1 1 0 0 1-1-1z" />,
  chevron: <path d="M6 3.5 10.5 8 6 12.5" />,
  chevronDown: <path d="M3.5 6 8 10.5 12.5 6" />,
  plus: <path d="M8 3v10M3 8h10" />,
  refresh: (
    <>
      <path d="M13.25 8A5.25 5.25 0 1 1 11.7 4.3" />
      <path d="M13.25 2.5v3h-3" />
    </>
  ),
  plug: (
    <>
      <path d="M5.5 1.75v3M10.5 1.75v3" />
      <path d="M3.75 4.75h8.5v2.5a4.25 4.25 0 0 1-8.5 0z" />
      <path d="M8 11.5v2.75" />
    </>
  ),
  trash: (
    <>
      <path d="M2.5 4.25h11M6.25 4.25V2.75h3.5v1.5" />
      <path d="M3.75 4.25l.6 8.6a1 1 0 0 0 1 .9h5.3a1 1 0 0 0 1-.9l.6-8.6" />
    </>
  ),
  copy: (
    <>
      <rect x="5.25" y="5.25" width="8.5" height="8.5" rx="1.2" />
      <path d="M10.75 5.25v-2a1 1 0 0 0-1-1h-6.5a1 1 0 0 0-1 1v6.5a1 1 0 0 0 1 1h2" />
    </>
  ),
  columns: (
    <>
      <rect x="2" y="2.5" width="12" height="11" rx="1.2" />
      <path d="M6 2.5v11M10 2.5v11" />
    </>
  ),
  search: (
    <>
      <circle cx="7" cy="7" r="4.25" />
      <path d="m10.25 10.25 3.5 3.5" />
    </>
  ),
  globe: (
    <>
      <circle cx="8" cy="8" r="6.25" />
      <path d="M1.75 8h12.5M8 1.75c1.75 1.9 2.6 4 2.6 6.25S9.75 12.35 8 14.25C6.25 12.35 5.4 10.25 5.4 8S6.25 3.65 8 1.75z" />
    </>
  ),
  close: <path d="M4 4l8 8M12 4l-8 8" />,
  alert: (
    <>
      <path d="M7.13 2.5 1.6 12a1 1 0 0 0 .87 1.5h11.06a1 1 0 0 0 .87-1.5L8.87 2.5a1 1 0 0 0-1.74 0z" />
      <path d="M8 6v3M8 11.25h.01" />
    </>
  ),
  check: <path d="m3 8.5 3.25 3.25L13 5" />,
  key: (
    <>
      <circle cx="5" cy="10.5" r="2.75" />
      <path d="m7 8.5 6.25-6.25M11 4.5l1.75 1.75M9.5 6l1.25 1.25" />
    </>
  ),
  info: (
    <>
      <circle cx="8" cy="8" r="6.25" />
      <path d="M8 7.25v4M8 4.9h.01" />
    </>
  ),
  link: (
    <>
      <path d="M6.5 9.5a3 3 0 0 0 4.24 0l2.12-2.12a3 3 0 0 0-4.24-4.24l-.7.7" />
      <path d="M9.5 6.5a3 3 0 0 0-4.24 0L3.14 8.62a3 3 0 0 0 4.24 4.24l.7-.7" />
    </>
  ),
  arrowDown: <path d="M8 3v10M4 9l4 4 4-4" />,
  arrowUp: <path d="M8 13V3M4 7l4-4 4 4" />,
  eject: (
    <>
      <path d="M8 3 3 9h10z" />
      <path d="M3 12.5h10" />
    </>
  ),
  resize: (
    <>
      <path d="M9.5 2.5h4v4M6.5 13.5h-4v-4" />
      <path d="m13.5 2.5-4.5 4.5M2.5 13.5 7 9" />
    </>
  ),
  detach: (
    <>
      <rect x="2" y="3" width="12" height="10" rx="1.5" />
      <path d="M5.5 8h5" />
    </>
  ),
  jobs: (
    <>
      <path d="M5.5 4h8M5.5 8h8M5.5 12h8" />
      <path d="M2.5 4h.01M2.5 8h.01M2.5 12h.01" />
    </>
  ),
  diff: (
    <>
      <path d="M5 2.5v6M2 5.5h6" />
      <path d="M8 12.5h6" />
    </>
  ),
  disc: (
    <>
      <circle cx="8" cy="8" r="6.25" />
      <circle cx="8" cy="8" r="1.75" />
    </>
  ),
  table: (
    <>
      <rect x="2" y="2.75" width="12" height="10.5" rx="1.2" />
      <path d="M2 6.25h12M2 9.75h12M6.5 6.25v7" />
    </>
  ),
  image: (
    <>
      <rect x="2" y="2.75" width="12" height="10.5" rx="1.2" />
      <circle cx="5.75" cy="6.25" r="1.1" />
      <path d="m2.5 12 3.75-3.75 2.5 2.5 1.75-1.75L13.5 12" />
    </>
  ),
  bell: (
    <>
      <path d="M4 11.25V7.5a4 4 0 0 1 8 0v3.75l1.25 1.25H2.75z" />
      <path d="M6.5 14a1.6 1.6 0 0 0 3 0" />
    </>
  ),
  pause: <path d="M5.5 3.5v9M10.5 3.5v9" />,
  play: <path d="M5 3.25v9.5L12.5 8z" />,
  power: (
    <>
      <path d="M8 1.75v5.5" />
      <path d="M4.6 4.1a5 5 0 1 0 6.8 0" />
    </>
  ),
  activity: <path d="M1.75 8.5h2.5l2-5 3.5 9 2-4h2.5" />,
  layers: <path d="M8 2 1.75 5.25 8 8.5l6.25-3.25zM1.75 8 8 11.25 14.25 8M1.75 10.75 8 14l6.25-3.25" />,
  gauge: (
    <>
      <path d="M2.5 11.5a5.5 5.5 0 1 1 11 0" />
      <path d="m8 11.5 2.75-3.75" />
    </>
  ),
  spindle: (
    <>
      <circle cx="8" cy="8" r="6.25" />
      <circle cx="8" cy="8" r="1.75" />
      <path d="M8 1.75v4.5M8 9.75v4.5" />
    </>
  ),
} satisfies Record<string, ReactElement>;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
