/** Whether an app serves MCP, without loading the MCP SDK to find out. */
export function mcpEnabled(option: boolean | undefined): boolean {
  if (option !== undefined) return option;
  return /^(1|true|yes|on)$/i.test(process.env.GRADIO_MCP_SERVER ?? "");
}
