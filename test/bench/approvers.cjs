// The HTTP approvals benchmark's clients, in a process of their own as real
// clients are: reads {url, approvers: [{token, tasks}]} on stdin, approves
// each approver's tasks one after another, all approvers at once, over
// kept-alive connections, and prints the latencies (ms) as JSON.
const http = require('node:http');

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function approve(url, token, taskId) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/v1/tasks/${encodeURIComponent(taskId)}/approve`, {
      method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '2' },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`approve answered ${res.statusCode}: ${Buffer.concat(chunks)}`))));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

async function main() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const { url, approvers } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const latencies = [];
  const started = process.hrtime.bigint();
  await Promise.all(approvers.map(async ({ token, tasks }) => {
    for (const task of tasks) {
      const t0 = process.hrtime.bigint();
      await approve(url, token, task);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ latencies, seconds, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }));
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
