// Browser mode's access token: it arrives once in the URL fragment
// (#token=...), is kept for this tab in sessionStorage and removed from the
// address bar so it does not end up in history, bookmarks or screenshots.
const KEY = 'spindle.token';

export function takeToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(loc.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    storage.setItem(KEY, token);
    window.history.replaceState(window.history.state, '', loc.pathname + loc.search);
    return token;
  }
  return storage.getItem(KEY);
}
