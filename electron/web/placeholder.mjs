// Browser mode (the same UI and API over a local WebSocket) comes with the
// desktop-shell issue. Until then, say so instead of pretending.
console.error('spindle: browser mode is not built yet; use the CLI: npm run --silent cli -- help');
process.exit(1);
