import { emailOTP } from "better-auth/plugins";
import { sendMail } from "../mailer.js";

const SUBJECTS = {
  "sign-in": "Your sign-in code",
  "email-verification": "Your email verification code",
  "forget-password": "Your password reset code",
  "change-email": "Your email change code",
} as const;

// Six-digit codes by email, valid 5 minutes, 3 tries each; stored hashed so a database leak does
// not hand out live codes.
export const emailOTPPlugin = () =>
  emailOTP({
    otpLength: 6,
    expiresIn: 60 * 5,
    allowedAttempts: 3,
    storeOTP: "hashed",
    sendVerificationOTP: async ({ email, otp, type }) => {
      await sendMail({ to: email, subject: SUBJECTS[type], text: `Your code: ${otp}\nIt expires in 5 minutes.`, data: { otp, type } });
    },
  });
