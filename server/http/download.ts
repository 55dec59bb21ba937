import type { Response } from 'express';

/**
 * Answers a raw route with a file to save (a CSV or JSON export): its type, the name a browser
 * saves it under, and the text; returns the text, as raw route handlers do.
 */
export function sendDownload(res: Response, contentType: string, filename: string, text: string): string {
  res.setHeader('Content-Type', `${contentType}; charset=utf-8`);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.end(text);
  return text;
}
