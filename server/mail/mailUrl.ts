/** Host and port of a mail server's URL, never its credentials: for the status page and logs. */
function describe(url: string, tlsProtocol: string, tlsPort: number, plainPort: number): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}:${u.port || (u.protocol === tlsProtocol ? tlsPort : plainPort)}`;
}

export const describeSmtpUrl = (url: string) => describe(url, 'smtps:', 465, 587);
export const describeImapUrl = (url: string) => describe(url, 'imaps:', 993, 143);
