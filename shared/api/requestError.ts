/** A REST call that failed, as clients (the console, the deskside command) report it: status, stable code, message. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
