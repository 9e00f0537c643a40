// Renderer entry: zod settings first (CSP), then i18n, then the app and the
// event feed that keeps its stores current.
import './platform/zod-config.ts';
import './platform/i18n/index.ts';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './platform/api/instance.ts';
import { App } from './shell/App.tsx';
import { startSync } from './shell/store/sync.ts';

startSync(api());

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
