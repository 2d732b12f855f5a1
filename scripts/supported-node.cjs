// Refuses to run on a Node.js whose support has ended, with a Chinese message naming what to install.
// Plain CommonJS with no dependency, so it runs (and explains) on any Node before anything else is loaded.
const MIN_MAJOR = 22;
const RECOMMENDED = 24;

/** True on a supported Node.js; otherwise writes why and what to do (to `out`) and returns false. */
function supportedNode(version = process.versions.node, out = process.stderr) {
  const major = Number(String(version).replace(/^v/, '').split('.')[0]);
  if (major >= MIN_MAJOR) return true;
  out.write(
    `duban 需要 Node.js ${RECOMMENDED} LTS（或 ${MIN_MAJOR}），当前为 v${String(version).replace(/^v/, '')}，其官方支持已结束。\n` +
      `请安装 Node.js ${RECOMMENDED}，或在本项目目录中运行：\n` +
      `  eval "$(bash scripts/provision-node.sh --env)"   # 从 npm 仓库取得 Node.js ${RECOMMENDED}\n` +
      `  npm ci                                           # 以新版本重新安装依赖\n`,
  );
  return false;
}

module.exports = { supportedNode, MIN_MAJOR, RECOMMENDED };
if (require.main === module && !supportedNode()) process.exit(1);
