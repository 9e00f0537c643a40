// For tests that read backend messages the UI's way: i18next set up as
// renderer/platform/i18n/index.ts sets it up (that module also touches the
// DOM), English first, both catalogs loaded.
import i18n from 'i18next';
import { CATALOGS } from '../../../shared/i18n/catalog.ts';
import { hostNameFormatter, INTERPOLATION } from './host-label.ts';

await i18n.use(hostNameFormatter(i18n)).init({
  resources: { en: { msg: CATALOGS.en }, 'zh-CN': { msg: CATALOGS['zh-CN'] } },
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  interpolation: INTERPOLATION,
});

export { i18n };
