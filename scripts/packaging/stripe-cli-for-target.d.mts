/** The npm packages of the Stripe CLI a target needs. */
export declare function stripeCliPackagesFor(platform: string, arch: string): string[];
/** The version `@stripe/cli` pins for a platform package. */
export declare function pinnedVersion(root: string, pkg: string): string;
/** Puts the package into root/node_modules unless its binary is there already; returns whether it fetched. */
export declare function ensureStripeCli(
  root: string,
  pkg: string,
  options?: { pack?: (spec: string, destination: string) => string },
): boolean;
declare function beforePack(context: unknown): Promise<void>;
export default beforePack;
