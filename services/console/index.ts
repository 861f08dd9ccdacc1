import { fileURLToPath } from 'node:url';

/** Where the built console is (vite build): the API serves these files at /. */
export const CONSOLE_DIST = fileURLToPath(new URL('./dist/app', import.meta.url));
