// Rate limits are counted per client IP. Better Auth reads the IP from a header, so the server
// sets this header from the TCP socket and overwrites anything a client sent: nobody can dodge
// a limit by inventing an address. Behind a proxy, set TRUSTED_PROXIES to use X-Forwarded-For.
export const CLIENT_IP_HEADER = "x-auth-service-client-ip";
