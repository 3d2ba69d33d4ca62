import { DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
const [port, pass] = [process.argv[2], process.argv[3]];
const nc = await connect({ servers: `nats://127.0.0.1:${port}`, user: 'admin', pass });
const jsm = await jetstreamManager(nc);
const c = await jsm.jetstream().consumers.get('TRADESTATE', { filter_subjects: 'tradestate.ServiceStateChangedEvent.>', deliver_policy: DeliverPolicy.All });
const msgs = await c.consume();
for await (const m of msgs) { const e = JSON.parse(new TextDecoder().decode(m.data)).event; console.log(m.seq, e.eventId, e.service ?? '', e.to_state ?? e.state ?? ''); if (m.info.pending === 0) break; }
await nc.close();
