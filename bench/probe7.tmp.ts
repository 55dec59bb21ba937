import { benchAgent, benchServer, rssKb } from './lib.js';
const b = await benchServer({ DESKSIDE_HEARTBEAT_SECONDS: '30' });
const a = await benchAgent(b);
await new Promise((r) => setTimeout(r, 15000));
console.log('agent', (rssKb(a.child.pid!) / 1024).toFixed(1), 'server', (rssKb(b.child.pid!) / 1024).toFixed(1));
await a.stop(); await b.stop();
