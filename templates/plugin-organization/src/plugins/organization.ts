import { organization } from "better-auth/plugins";
import { env } from "../env.js";
import { sendMail } from "../mailer.js";

// Invitations are emailed with a link to your front-end (the first TRUSTED_ORIGINS entry); that
// page calls `authClient.organization.acceptInvitation({ invitationId })` once the invitee is signed in.
export const organizationPlugin = () =>
  organization({
    invitationExpiresIn: 60 * 60 * 48,
    sendInvitationEmail: async ({ id, email, organization, inviter }) => {
      const url = `${env.TRUSTED_ORIGINS[0] ?? env.BETTER_AUTH_URL}/accept-invitation?id=${encodeURIComponent(id)}`;
      await sendMail({
        to: email,
        subject: `Join ${organization.name}`,
        text: `${inviter.user.name} invited you to ${organization.name}. Accept within 48 hours:\n${url}`,
        data: { url, invitationId: id },
      });
    },
  });
