// 导入方案: hovering or focusing a task marks the notice lines it came from, a new unit's fields show only when
// 新增 is chosen, and the progress of a start is polled.
for (const card of document.querySelectorAll('.card.unknown')) {
  const select = card.querySelector('select');
  const fields = card.querySelector('fieldset.new-unit');
  if (!select || !fields) continue;
  const show = () => (fields.hidden = select.value !== select.dataset.newUnit);
  select.addEventListener('change', show);
  show();
}
for (const card of document.querySelectorAll('.task[data-task]')) {
  const mark = (on) => {
    for (const line of document.querySelectorAll('.nl[data-tasks]')) {
      if (line.dataset.tasks.split(' ').includes(card.dataset.task)) line.classList.toggle('focus', on);
    }
  };
  card.addEventListener('mouseenter', () => mark(true));
  card.addEventListener('mouseleave', () => mark(false));
  card.addEventListener('focusin', () => mark(true));
  card.addEventListener('focusout', () => mark(false));
}
const progress = document.querySelector('[data-progress]');
if (progress) {
  const state = document.getElementById('progress-state');
  const poll = async () => {
    try {
      const res = await fetch(progress.dataset.progress, { headers: { accept: 'application/json' } });
      const p = await res.json();
      if (!res.ok) throw new Error(p.error || res.statusText);
      document.getElementById('rounds-started').textContent = String(p.rounds.started);
      document.getElementById('obligations-started').textContent = String(p.obligations.started);
      document.getElementById('progress-bar').value = p.obligations.started;
      if (p.error) {
        state.textContent = p.error;
        state.className = 'error';
        return;
      }
      if (p.done) {
        state.textContent = '全部启动完成：方案已在运行，可在看板查看。';
        state.className = 'ok';
        progress.dataset.done = 'true';
        return;
      }
      state.textContent = '正在建立工作流……';
    } catch (err) {
      state.textContent = `暂时无法获取进度（${err.message}），稍后重试……`;
    }
    setTimeout(poll, 1000);
  };
  poll();
}
