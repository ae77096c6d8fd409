/** The files main, preload and renderer must each bring to the build. */
export declare const REQUIRED_FILES: readonly string[];
/** Folders of the build whose scripts run in a browser page. */
export declare const BROWSER_DIRS: readonly string[];
/** The problems found in the build at `dir`, one sentence each; empty when it is fit to ship. */
export declare function checkBuild(dir: string): string[];
