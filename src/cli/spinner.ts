/** A spinner on a TTY, plain lines otherwise (CI logs stay readable). The result is always truthful. */
export async function spinner<T>(label: string, task: () => Promise<T>): Promise<T> {
  if (!process.stdout.isTTY) {
    console.log(`… ${label}`);
    const result = await task();
    console.log(`✔ ${label}`);
    return result;
  }
  const { spinner: clackSpinner } = await import("@clack/prompts");
  const s = clackSpinner();
  s.start(label);
  try {
    const result = await task();
    s.stop(`${label}: done`);
    return result;
  } catch (error) {
    s.error(`${label}: failed`);
    throw error;
  }
}
