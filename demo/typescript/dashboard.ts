// A browser dashboard: loads data, polls a long-running export, and keeps a socket open.

export async function loadDashboard(userId: string) {
  const profileRes = await fetch(`/api/users/${userId}`);
  const ordersRes = await fetch(`/api/users/${userId}/orders`);
  return { profile: await profileRes.json(), orders: await ordersRes.json() };
}

export function watchExport(id: string, onDone: (url: string) => void) {
  const timer = setInterval(async () => {
    const res = await fetch(`/api/exports/${id}`);
    const job = await res.json();
    if (job.state === 'done') {
      clearInterval(timer);
      onDone(job.url);
    }
  }, 1000);
}

export class LiveFeed {
  private ws: WebSocket | undefined;

  constructor(private readonly url: string) {}

  connect(): void {
    this.ws = new WebSocket(this.url);
    this.ws.onclose = () => {
      setTimeout(() => this.reconnect(), 5000);
    };
  }

  private reconnect(): void {
    this.connect();
  }
}
