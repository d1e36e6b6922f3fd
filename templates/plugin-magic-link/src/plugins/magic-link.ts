import { magicLink } from "better-auth/plugins";
import { sendMail } from "../mailer.js";

export const magicLinkPlugin = () =>
  magicLink({
    expiresIn: 60 * 5,
    sendMagicLink: async ({ email, url }) => {
      await sendMail({ to: email, subject: "Your sign-in link", text: `Sign in: ${url}`, data: { url } });
    },
  });
