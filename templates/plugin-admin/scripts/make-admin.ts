// Gives an existing user the admin role. Only admins may set roles through the API, so the first
// one is made here, on the server. Usage: `npm run admin:grant -- someone@example.com`
import { auth } from "../src/auth.js";
import { closeDatabase } from "../src/db.js";

const email = process.argv[2];
try {
  if (!email) throw new Error("pass the user's email, e.g. admin:grant -- someone@example.com");
  const { internalAdapter } = await auth.$context;
  const found = await internalAdapter.findUserByEmail(email);
  if (!found) throw new Error(`no user with email ${email}; sign up first`);
  await internalAdapter.updateUser(found.user.id, { role: "admin" });
  console.log(`${email} is now an admin.`);
} catch (error) {
  console.error(`admin:grant failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
