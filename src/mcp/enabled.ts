/** Whether an app serves MCP, without loading the MCP SDK to find out. */
/** `fromEnv`: GRADIO_MCP_SERVER. */
export function mcpEnabled(option: boolean | undefined, fromEnv: string | undefined): boolean {
  if (option !== undefined) return option;
  return /^(1|true|yes|on)$/i.test(fromEnv ?? "");
}
