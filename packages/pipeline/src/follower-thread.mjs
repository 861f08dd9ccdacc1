// A worker thread does not inherit the parent's --import tsx under Node 20: register it, then load the thread.
import { register } from 'tsx/esm/api';

register();
await import('./follower-thread.ts');
