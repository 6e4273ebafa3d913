// CPU time of the processes a benchmark runs on: this one (process.cpuUsage)
// and the servers it talks to, found by the TCP port they listen on.
const { readFileSync, readdirSync, readlinkSync } = require('node:fs');

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** The pid listening on 127.0.0.1:`port` (IPv4 or IPv6), or null. */
function pidListeningOn(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = readFileSync(table, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local address "ADDR:PORT", state 0A = LISTEN
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A') inodes.add(cols[9]);
    }
  }
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds = [];
    try { fds = readdirSync(`/proc/${pid}/fd`); } catch { continue; }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(pid);
      } catch { /* closed meanwhile */ }
    }
  }
  return null;
}

/** Milliseconds of CPU (user + system) `pid` has used so far. */
function cpuMsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Starts counting CPU for this process and the servers at `servers` ({ name: URI }, found by port); `stop()` gives ms per name. */
function cpuMeter(servers) {
  const pids = Object.fromEntries(Object.entries(servers).map(([name, uri]) => [name, pidListeningOn(Number(new URL(uri).port))]));
  const self = process.cpuUsage();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid ? cpuMsOf(pid) : null]));
  return {
    stop() {
      const used = process.cpuUsage(self);
      const out = { engine: (used.user + used.system) / 1000 };
      for (const [name, pid] of Object.entries(pids)) out[name] = pid && before[name] !== null ? cpuMsOf(pid) - before[name] : null;
      return out;
    },
  };
}

/** A V8 CPU profile of this process from now until `stop()`. */
async function cpuProfiler() {
  const session = new (require('node:inspector').Session)();
  session.connect();
  const post = (method, params = {}) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = await post('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

module.exports = { cpuMeter, cpuMsOf, cpuProfiler };
