import { z } from 'zod';
import { ErrorCode } from '../protocol/codes.js';

const codes = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];

/** The one error shape of every REST reply that is not a success. */
export const ApiError = z.object({ error: z.object({ code: z.enum(codes), message: z.string() }) });
export type ApiError = z.infer<typeof ApiError>;
