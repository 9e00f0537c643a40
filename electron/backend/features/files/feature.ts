// The host files feature in the service: folder listings and image facts for the wizards' pickers.
import { defineFeature } from '../feature.ts';
import { browse, imageInfo } from './files.ts';
import type { FilesMethod } from '../../../../shared/contract/features/files.ts';

export const filesFeature = defineFeature<FilesMethod>('files', (host) => ({
  handlers: {
    'host.browse': async ({ host: name, path }) => {
      const s = host.session(name);
      return browse(s.runner, s.config.sudo, path);
    },
    'host.imageInfo': async ({ host: name, path }) => {
      const s = host.session(name);
      return imageInfo(s.runner, s.config.sudo, path);
    },
  },
  planners: {},
}));
