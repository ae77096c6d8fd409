/**
 * electron-builder's afterSign hook: notarizes the signed macOS app when Apple credentials are in the environment,
 * and otherwise says plainly that it did not (an unnotarized DMG opens only after the user overrides Gatekeeper).
 * electron-builder's own notarization is off (`mac.notarize: false`) so that this is the one place that decides.
 */
import { join } from 'node:path';

/**
 * The @electron/notarize credentials the environment holds — an App Store Connect API key, or an Apple ID with an
 * app-specific password — or the reason there are none.
 */
export function notarizeCredentials(env) {
  if (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) {
    return {
      ok: true,
      credentials: {
        appleApiKey: env.APPLE_API_KEY,
        appleApiKeyId: env.APPLE_API_KEY_ID,
        appleApiIssuer: env.APPLE_API_ISSUER,
      },
    };
  }
  if (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) {
    return {
      ok: true,
      credentials: {
        appleId: env.APPLE_ID,
        appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD,
        teamId: env.APPLE_TEAM_ID,
      },
    };
  }
  return {
    ok: false,
    reason:
      'Skipping macOS notarization: set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID ' +
      '(or APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER) to notarize the DMG.',
  };
}

export default async function afterSign(context) {
  if (context.electronPlatformName !== 'darwin') return;
  const found = notarizeCredentials(process.env);
  if (!found.ok) {
    console.warn(`  • ${found.reason}`);
    return;
  }
  const { notarize } = await import('@electron/notarize');
  const appPath = join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  console.log(`  • notarizing ${appPath}`);
  await notarize({ appPath, ...found.credentials });
}
