import mongoose from 'mongoose';
import { ProviderRepository, providerModel } from './provider/index.js';

export interface RunnerDatabaseOptions {
  /** Server URL without a database name. */
  mongoUrl: string;
  /** @default 'runner' */
  dbName?: string;
}

/** The runner's own database (DESIGN.md: no other service reads it). */
export interface RunnerDatabase {
  connection: mongoose.Connection;
  providers: ProviderRepository;
  close(): Promise<void>;
}

export async function openRunnerDatabase({ mongoUrl, dbName = 'runner' }: RunnerDatabaseOptions): Promise<RunnerDatabase> {
  const connection = await mongoose.createConnection(mongoUrl, { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
  const models = { providers: providerModel(connection) };
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
  return {
    connection,
    providers: new ProviderRepository(models.providers),
    close: () => connection.close(),
  };
}
