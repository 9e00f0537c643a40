// The face of the stats feature: what the rest of Spindle may use of it.
export { AlertMark } from './AlertMark.tsx';
export { AlertRulesDialog } from './AlertRulesDialog.tsx';
export { AlertsIndicator } from './AlertsIndicator.tsx';
export { BusiestTable } from './BusiestTable.tsx';
export { IoLimitsSection } from './IoLimitsSection.tsx';
export { IoLimitsWizard } from './IoLimitsWizard.tsx';
export { PerfTab } from './PerfPanel.tsx';
export { loadIoTune, useIoTuneStore } from './iotune.ts';
export { loadAlerts, useAlertsStore } from './store-alerts.ts';
export { applyStatsTick, onVisible } from './store-stats.ts';
export { usePalette, type ChartPalette } from './palette.ts';
