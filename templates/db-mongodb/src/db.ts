import { mongodbAdapter } from "better-auth/adapters/mongodb";
import { MongoClient } from "mongodb";
import { env } from "./env.js";

// The client connects on first use; the database is the one named in DATABASE_URL's path.
const client = new MongoClient(env.DATABASE_URL);

// Transactions need a replica set (Atlas has one); a single local server refuses them.
export const database = mongodbAdapter(client.db(), { client, transaction: process.env.MONGODB_TRANSACTIONS === "true" });

/** For /ready: one round trip to the server. */
export async function pingDatabase(): Promise<void> {
  await client.db().command({ ping: 1 });
}

export async function closeDatabase(): Promise<void> {
  await client.close();
}
