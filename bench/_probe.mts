const r = () => Math.round(process.memoryUsage().rss/1048576);
const mods = process.argv.slice(2);
console.log('start', r());
for (const m of mods) { await import(m); console.log(m, r(), Math.round(process.memoryUsage().heapUsed/1048576), Math.round(process.memoryUsage().external/1048576), Math.round(process.memoryUsage().arrayBuffers/1048576)); }
