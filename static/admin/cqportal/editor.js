'use strict';
// The article form's keyboard and calendar aids; no inline script anywhere (the CSP allows 'self' only).
{
    // Ctrl+S (⌘S on a Mac) saves and stays on the article, as 保存并继续编辑 does.
    document.addEventListener('keydown', function(event) {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === 's' || event.key === 'S')) {
            const button = document.querySelector('form input[name="_continue"]') ||
                document.querySelector('form input[name="_save"]');
            if (button) {
                event.preventDefault();
                button.click();
            }
        }
    });

    // The admin's calendar steps a month at a time; an article from years back needs a year jump.
    // Calendar objects have drawPreviousYear/drawNextYear; DateTimeShortcuts offers no link to them.
    // After every load handler: DateTimeShortcuts builds its calendars on 'load' too, and this file may
    // come first in the page.
    window.addEventListener('load', function() {
        window.setTimeout(addYearLinks, 0);
    });

    function addYearLinks() {
        if (!window.DateTimeShortcuts) {
            return;
        }
        DateTimeShortcuts.calendars.forEach(function(calendar, num) {
            const box = document.getElementById(DateTimeShortcuts.calendarDivName1 + num);
            if (!box || box.querySelector('.calendarnav-year')) {
                return;
            }
            const nav = document.createElement('div');
            nav.className = 'calendarnav-year';
            [['« 上一年', 'drawPreviousYear', 'calendarnav-previous-year'],
             ['下一年 »', 'drawNextYear', 'calendarnav-next-year']].forEach(function(item) {
                const link = document.createElement('a');
                link.href = '#';
                link.textContent = item[0];
                link.className = item[2];
                link.addEventListener('click', function(event) {
                    event.preventDefault();
                    calendar[item[1]]();
                });
                nav.appendChild(link);
            });
            box.insertBefore(nav, box.firstChild);
        });
    }
}
