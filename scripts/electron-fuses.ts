/**
 * The Electron fuses a packaged build gets, per operating system. electron-builder.json lists them; one differs
 * by platform:
 * node-llama-cpp 3.21 checks its prebuilt binary before loading it on Linux (always) and on Windows (GPU builds),
 * by forking the Electron binary as plain Node (`ELECTRON_RUN_AS_NODE`, see getShouldTestBinaryBeforeLoading in
 * node-llama-cpp/dist/bindings/getLlama.js). With the RunAsNode fuse off that fork starts a second app instead,
 * the check fails and llama.cpp never loads (or loses its GPU) in the inference worker. macOS never runs that
 * check, so it gets RunAsNode off, where it matters most: a signed app that runs as Node passes its
 * permissions to any script. Our own code no longer needs RunAsNode anywhere (the probe child is a utility
 * process); once node-llama-cpp checks its binary without it, Linux and Windows turn it off too.
 */
export type Fuses = Record<string, boolean>

export function fusesFor(platform: NodeJS.Platform, fuses: Fuses): Fuses {
  return platform === 'darwin' ? fuses : { ...fuses, runAsNode: true }
}
