// Imported first: zod would otherwise probe `new Function` for its JIT, which
// the page's CSP (script-src 'self') refuses with a console error.
import { z } from 'zod';

z.config({ jitless: true });
