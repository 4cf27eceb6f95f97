import { MongoClient } from 'mongodb';
const c = new MongoClient('mongodb://127.0.0.1:27017');
for (const name of ['test_history_bd217ce6', 'test_history_ce62d422', 'test_history_ea737084']) {
  const cols = await c.db(name).listCollections().toArray();
  const counts = await Promise.all(cols.map(async (x) => `${x.name}:${await c.db(name).collection(x.name).countDocuments()}`));
  console.log(name, counts.join(' '));
  const one = await c.db(name).collection('requests').findOne({});
  console.log(one?.workspaceId);
}
process.exit(0);
