export type NotarizeCredentials = { ok: true; credentials: Record<string, string> } | { ok: false; reason: string };
/** The @electron/notarize credentials the environment holds, or why there are none. */
export declare function notarizeCredentials(env: Record<string, string | undefined>): NotarizeCredentials;
declare function afterSign(context: unknown): Promise<void>;
export default afterSign;
