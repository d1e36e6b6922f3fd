// Better Auth's own emails (password reset, email verification), wired in auth.ts. Plugins that
// send email keep their messages in their own file under src/plugins/.
import { sendMail } from "./mailer.js";

type Recipient = { user: { email: string }; url: string };

export async function sendPasswordResetEmail({ user, url }: Recipient): Promise<void> {
  await sendMail({
    to: user.email,
    subject: "Reset your password",
    text: `Someone asked to reset your password. If it was you, open this link within an hour:\n${url}\n\nOtherwise ignore this email.`,
    data: { url },
  });
}

export async function sendVerificationEmail({ user, url }: Recipient): Promise<void> {
  await sendMail({ to: user.email, subject: "Verify your email", text: `Confirm your email address:\n${url}`, data: { url } });
}
