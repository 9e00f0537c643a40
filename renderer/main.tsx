// Renderer entry: zod settings first (CSP), then i18n, then the app and the
// event feed that keeps its stores current.
import './zod-config.ts';
import './i18n/index.ts';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api/instance.ts';
import { App } from './App.tsx';
import { startSync } from './store/sync.ts';

startSync(api());

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
