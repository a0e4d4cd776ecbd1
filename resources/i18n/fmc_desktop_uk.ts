<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk" sourcelanguage="en">
<context>
    <name>Banner</name>
    <message>
        <location filename="../../fmc_desktop/ui/shell/banner.py" line="+160"/>
        <source>Information</source>
        <translation>Інформація</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>Попередження</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>Помилка</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>Close this message</source>
        <translation>Закрити це повідомлення</translation>
    </message>
</context>
<context>
    <name>CallImport</name>
    <message>
        <location filename="../../fmc_desktop/ui/archive/call_import.py" line="+31"/>
        <location line="+21"/>
        <location line="+103"/>
        <source>Import calls</source>
        <translation>Імпорт дзвінків</translation>
    </message>
    <message>
        <location line="-122"/>
        <source>Call files (*.csv *.json *.xml);;All files (*)</source>
        <translation>Файли дзвінків (*.csv *.json *.xml);;Усі файли (*)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Opening %1…</source>
        <translation>Відкриваємо %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Stopping after the current part…</source>
        <translation>Зупиняємо після поточної частини…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Importing %1 (file %2 of %3): %4 calls so far.</source>
        <translation>Імпорт %1 (файл %2 з %3): поки що %4 дзвінків.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The calls could not be imported: %1</source>
        <translation>Не вдалося імпортувати дзвінки: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 new calls, %2 already known, %3 rejected.</source>
        <translation>Нових дзвінків: %1, уже відомих: %2, відхилено: %3.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import cancelled. The calls read before that are kept.</source>
        <translation>Імпорт скасовано. Дзвінки, прочитані до цього, збережено.</translation>
    </message>
</context>
<context>
    <name>CallbacksView</name>
    <message>
        <location filename="../../fmc_desktop/ui/history/callbacks_view.py" line="+102"/>
        <source>Who</source>
        <translation>Хто</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last attempt</source>
        <translation>Остання спроба</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attempts</source>
        <translation>Спроб</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Called</source>
        <translation>На номер</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Calls to return</source>
        <translation>Дзвінки, на які треба передзвонити</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call back</source>
        <translation>Передзвонити</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call back the selected caller</source>
        <translation>Передзвонити вибраному абонентові</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark as done</source>
        <translation>Позначити опрацьованим</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove from the list until this number misses you again</source>
        <translation>Прибрати зі списку, доки з цього номера знову не буде пропущеного дзвінка</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mark the selected caller as done</source>
        <translation>Позначити вибраного абонента опрацьованим</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No calls to return. Missed calls that nobody has returned appear here.</source>
        <translation>Передзвонювати нікому не треба. Тут з’являються пропущені дзвінки, на які ще ніхто не передзвонив.</translation>
    </message>
    <message numerus="yes">
        <location line="+27"/>
        <source>%n missed call(s) from %1</source>
        <translation>
            <numerusform>%n пропущений дзвінок від %1</numerusform>
            <numerusform>%n пропущені дзвінки від %1</numerusform>
            <numerusform>%n пропущених дзвінків від %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompactWindow</name>
    <message>
        <location filename="../../fmc_desktop/ui/dialing/compact_window.py" line="+253"/>
        <source>No favourites yet</source>
        <translation>Обраних ще немає</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>No calls made from this app yet</source>
        <translation>З цього застосунку ще не дзвонили</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>fmc-desktop</source>
        <translation>fmc-desktop</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Number to call</source>
        <translation>Номер для дзвінка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call</source>
        <translation>Подзвонити</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Call the number typed</source>
        <translation>Подзвонити на введений номер</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Back to the full window</source>
        <translation>Повернутися до повного вікна</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contacts</source>
        <translation>Контакти</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>Favourites</source>
        <translation>Обрані</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Recent</source>
        <translation>Недавні</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lists</source>
        <translation>Списки</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recent calls</source>
        <translation>Недавні дзвінки</translation>
    </message>
</context>
<context>
    <name>ConfirmDialDialog</name>
    <message>
        <location filename="../../fmc_desktop/ui/dialing/confirm_dial.py" line="+243"/>
        <source>Confirm the call</source>
        <translation>Підтвердження дзвінка</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call {name}?</source>
        <translation>Подзвонити: {name}?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Call {number}?</source>
        <translation>Подзвонити на {number}?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This number came from a link.</source>
        <translation>Цей номер надійшов із посилання.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This number came from the clipboard.</source>
        <translation>Цей номер надійшов із буфера обміну.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This number came from outside the app.</source>
        <translation>Цей номер надійшов іззовні.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calls cost money: check the number before you call.</source>
        <translation>Дзвінки коштують грошей: перевірте номер, перш ніж дзвонити.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Call &amp;from:</source>
        <translation>Дзвонити &amp;з:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your number to call from</source>
        <translation>Ваш номер, з якого дзвонити</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kyivstar first rings your phone {mine}; answer it to be connected.</source>
        <translation>Київстар спершу подзвонить на ваш телефон {mine}; дайте відповідь, щоб вас з’єднали.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Extension {extension}: dial it after you are connected.</source>
        <translation>Внутрішній номер {extension}: наберіть його після з’єднання.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Call {number}</source>
        <translation>&amp;Подзвонити {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call {number}</source>
        <translation>Подзвонити {number}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Links waiting to be confirmed after this one: {count}</source>
        <translation>Посилань чекає на підтвердження після цього: {count}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancel the call</source>
        <translation>Скасувати дзвінок</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An international number: calls abroad cost more.</source>
        <translation>Міжнародний номер: дзвінки за кордон коштують дорожче.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A premium-rate number: calls to it are charged at a high rate.</source>
        <translation>Номер платної послуги: дзвінки на нього тарифікуються за підвищеним тарифом.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A shared-cost number: calls to it may cost extra.</source>
        <translation>Номер зі спільною оплатою: дзвінки на нього можуть коштувати додатково.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A satellite phone number: calls to it are very expensive.</source>
        <translation>Номер супутникового телефону: дзвінки на нього дуже дорогі.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An emergency services number: call it only in an emergency.</source>
        <translation>Номер екстреної служби: дзвоніть на нього лише в разі надзвичайної ситуації.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This number is in no range known to be in use: check it before you call.</source>
        <translation>Цей номер не належить до жодного відомого діапазону: перевірте його перед дзвінком.</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
</context>
<context>
    <name>ContactEditor</name>
    <message>
        <location filename="../../fmc_desktop/ui/contacts/editor.py" line="+103"/>
        <source>A phone number has no letters.</source>
        <translation>У номері телефону не буває літер.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“%1” is not used in phone numbers.</source>
        <translation>«%1» не вживається в номерах телефонів.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A phone number needs digits.</source>
        <translation>У номері телефону мають бути цифри.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“+” can only come first, before the country code.</source>
        <translation>«+» може стояти лише на початку, перед кодом країни.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Too many digits: no phone number has more than %1.</source>
        <translation>Забагато цифр: жоден номер не має більше ніж %1.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>After 380 a Ukrainian number has 9 more digits: +380 67 123 45 67.</source>
        <translation>Після 380 український номер має ще 9 цифр: +380 67 123 45 67.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A country code never starts with 0.</source>
        <translation>Код країни ніколи не починається з 0.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An international number needs at least %1 digits with its country code.</source>
        <translation>Міжнародний номер разом із кодом країни має щонайменше %1 цифр.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No number of this country code has that many digits: check the number.</source>
        <translation>Жоден номер із цим кодом країни не має стільки цифр: перевірте номер.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A Ukrainian number has 10 digits starting with 0: 067 123 45 67.</source>
        <translation>Український номер має 10 цифр і починається з 0: 067 123 45 67.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A number this long needs a 0 in front (067 …) or + and a country code (+48 …).</source>
        <translation>Такому довгому номеру потрібен 0 на початку (067 …) або + і код країни (+48 …).</translation>
    </message>
    <message>
        <location line="+404"/>
        <source>The contact was not saved: %1</source>
        <translation>Контакт не збережено: %1</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Type a name.</source>
        <translation>Введіть ім’я.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Number %1: %2</source>
        <translation>Номер %1: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An email address is written like name@example.com.</source>
        <translation>Адресу електронної пошти пишуть так: name@example.com.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save the contact</source>
        <translation>Зберегти контакт</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The same number as number %1: it is saved once.</source>
        <translation>Такий самий, як номер %1: його буде збережено один раз.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 has this number too.</source>
        <translation>Цей номер є й у контакті %1.</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+3"/>
        <source>New contact</source>
        <translation>Новий контакт</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Edit contact</source>
        <translation>Редагування контакту</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company directory entry</source>
        <translation>Запис довідника компанії</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Name:</source>
        <translation>&amp;Ім’я:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Organisation:</source>
        <translation>&amp;Організація:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Department:</source>
        <translation>&amp;Відділ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N&amp;umbers:</source>
        <translation>&amp;Номери:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Email:</source>
        <translation>&amp;Ел. пошта:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No&amp;te:</source>
        <translation>&amp;Примітка:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Required</source>
        <translation>Обов’язково</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Ім’я</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name shown in the call history and in search.</source>
        <translation>Ім’я, яке видно в історії дзвінків і в пошуку.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>Організація</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The company or organisation.</source>
        <translation>Компанія чи організація.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>Відділ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The department; search finds it too.</source>
        <translation>Відділ; пошук знаходить і його.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Numbers</source>
        <translation>Номери</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add a number</source>
        <translation>&amp;Додати номер</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add a number</source>
        <translation>Додати номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add another number for this contact.</source>
        <translation>Додати цьому контакту ще один номер.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Email</source>
        <translation>Електронна пошта</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The email address, kept for export.</source>
        <translation>Адреса електронної пошти; зберігається для експорту.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Email check</source>
        <translation>Перевірка адреси пошти</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>Примітка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anything worth remembering about this contact.</source>
        <translation>Усе, що варто пам’ятати про цей контакт.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Favourite</source>
        <translation>О&amp;браний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Favourite</source>
        <translation>Обраний</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Favourites come first in search and in the tray&apos;s Favourites menu.</source>
        <translation>Обрані контакти йдуть першими в пошуку й у меню «Обрані» в треї.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save</source>
        <translation>&amp;Зберегти</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save</source>
        <translation>Зберегти</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close without changing anything</source>
        <translation>Закрити, нічого не змінюючи</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close without saving</source>
        <translation>Закрити без збереження</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Copy to my contacts</source>
        <translation>&amp;Скопіювати до моїх контактів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy to my contacts</source>
        <translation>Скопіювати до моїх контактів</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start a contact of your own from this entry, to add numbers, a note…</source>
        <translation>Створити власний контакт на основі цього запису, щоб додати номери, примітку…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This entry comes from the company&apos;s directory and is kept up to date from the PBX, so it cannot be changed here. Copy it to your contacts to add numbers, an email or a note.</source>
        <translation>Цей запис походить із довідника компанії й оновлюється з АТС, тому змінити його тут не можна. Скопіюйте його до своїх контактів, щоб додати номери, електронну пошту чи примітку.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A new contact of yours, copied from the company&apos;s directory. Once saved, search shows your copy for these numbers.</source>
        <translation>Ваш новий контакт, скопійований із довідника компанії. Після збереження пошук показуватиме для цих номерів вашу копію.</translation>
    </message>
</context>
<context>
    <name>ContactLabels</name>
    <message>
        <location line="-715"/>
        <source>mobile</source>
        <translation>мобільний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>work</source>
        <translation>робочий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>home</source>
        <translation>домашній</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>other</source>
        <translation>інший</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>main</source>
        <translation>основний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fax</source>
        <translation>факс</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>work fax</source>
        <translation>робочий факс</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>home fax</source>
        <translation>домашній факс</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>work mobile</source>
        <translation>робочий мобільний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pager</source>
        <translation>пейджер</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>car</source>
        <translation>в автомобілі</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>callback</source>
        <translation>зворотний виклик</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assistant</source>
        <translation>помічника</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>radio</source>
        <translation>радіотелефон</translation>
    </message>
</context>
<context>
    <name>ContactResultDelegate</name>
    <message>
        <location filename="../../fmc_desktop/ui/contacts/search_box.py" line="+228"/>
        <source>Not in your contacts</source>
        <translation>Немає у ваших контактах</translation>
    </message>
</context>
<context>
    <name>ContactResultsModel</name>
    <message>
        <location line="-101"/>
        <source>favourite</source>
        <translation>обране</translation>
    </message>
</context>
<context>
    <name>ContactSearch</name>
    <message>
        <location line="+261"/>
        <source>No contacts yet.</source>
        <translation>Контактів поки немає.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nobody matches. A full number can be called with Enter.</source>
        <translation>Нікого не знайдено. Повний номер можна набрати клавішею Enter.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type a name, a part of a number or a department.</source>
        <translation>Введіть ім’я, частину номера чи відділ.</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+1"/>
        <source>Search contacts</source>
        <translation>Пошук контактів</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A name, any part of a number, or a department; Enter calls the top result.</source>
        <translation>Ім’я, будь-яка частина номера або відділ; Enter дзвонить першому в списку.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contacts found</source>
        <translation>Знайдені контакти</translation>
    </message>
</context>
<context>
    <name>ContactsImportExport</name>
    <message>
        <location filename="../../fmc_desktop/ui/contacts/import_export.py" line="+50"/>
        <source>%1 could not be imported: %2</source>
        <translation>Не вдалося імпортувати %1: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>added: %1</source>
        <translation>додано: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>merged into contacts you had: %1</source>
        <translation>об’єднано з наявними контактами: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>left out: %1</source>
        <translation>пропущено: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imported from %1, %2.</source>
        <translation>Імпорт із %1: %2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Why?</source>
        <translation>Чому?</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The contacts could not be exported: %1</source>
        <translation>Не вдалося експортувати контакти: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Contacts exported to %1: %2.</source>
        <translation>Контактів експортовано до %1: %2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+32"/>
        <source>Import contacts</source>
        <translation>Імпорт контактів</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Contacts (*.vcf *.vcard *.csv);;vCard (*.vcf *.vcard);;CSV (*.csv)</source>
        <translation>Контакти (*.vcf *.vcard *.csv);;vCard (*.vcf *.vcard);;CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>vCard (*.vcf)</source>
        <translation>vCard (*.vcf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV for Google Contacts, Outlook and spreadsheets (*.csv)</source>
        <translation>CSV для Google Контактів, Outlook і таблиць (*.csv)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>These cards, rows, lines or numbers could not be read and were left out:</source>
        <translation>Ці картки, рядки чи номери не вдалося прочитати, і їх пропущено:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>… and %1 more (Show Details…).</source>
        <translation>… і ще %1 (див. «Показати подробиці…»).</translation>
    </message>
</context>
<context>
    <name>ContactsModel</name>
    <message>
        <location filename="../../fmc_desktop/ui/contacts/contacts_model.py" line="+103"/>
        <source>Name</source>
        <translation>Ім’я</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Numbers</source>
        <translation>Номери</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>Відділ</translation>
    </message>
    <message>
        <location line="+55"/>
        <location line="+34"/>
        <location line="+26"/>
        <source>Favourite</source>
        <translation>Обраний</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Not a favourite</source>
        <translation>Не обраний</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1, from the company&apos;s directory</source>
        <translation>%1, з довідника компанії</translation>
    </message>
</context>
<context>
    <name>ContactsView</name>
    <message>
        <location filename="../../fmc_desktop/ui/contacts/view.py" line="+363"/>
        <source>Delete contact</source>
        <translation>Видалення контакту</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete %1?</source>
        <translation>Видалити контакт %1?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This entry is from the company&apos;s directory: it comes back if the PBX names this person in a later call.</source>
        <translation>Це запис довідника компанії: він з’явиться знову, якщо АТС назве цю людину в наступному дзвінку.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This cannot be undone.</source>
        <translation>Цю дію не можна скасувати.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Delete</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Nobody matches “%1”.</source>
        <translation>Ніхто не відповідає запиту «%1».</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No favourites yet. Pick a contact and press Favourite to keep it on top.</source>
        <translation>Обраних ще немає. Виберіть контакт і натисніть «Обраний», щоб він був угорі.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The company&apos;s directory is empty. It fills in from the names the PBX sends with your calls.</source>
        <translation>Довідник компанії порожній. Він заповнюється іменами, які АТС надсилає разом із дзвінками.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No contacts yet. Add one with New, or import a vCard or CSV file.</source>
        <translation>Контактів ще немає. Додайте контакт кнопкою «Новий» або імпортуйте файл vCard чи CSV.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Contacts listed: %1</source>
        <translation>Контактів у списку: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Open</source>
        <translation>&amp;Відкрити</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Edit</source>
        <translation>&amp;Редагувати</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open this entry of the company&apos;s directory (F2)</source>
        <translation>Відкрити цей запис довідника компанії (F2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit the contact (F2)</source>
        <translation>Редагувати контакт (F2)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Call %1</source>
        <translation>Подзвонити: %1</translation>
    </message>
    <message>
        <location line="+150"/>
        <source>Export all contacts</source>
        <translation>Експорт усіх контактів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export favourites</source>
        <translation>Експорт обраних</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export my contacts</source>
        <translation>Експорт моїх контактів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the company&apos;s directory</source>
        <translation>Експорт довідника компанії</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>&amp;New</source>
        <translation>&amp;Новий</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a contact (Ctrl+N)</source>
        <translation>Додати контакт (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>В&amp;идалити</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the contact (Del)</source>
        <translation>Видалити контакт (Del)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Favourite</source>
        <translation>&amp;Обраний</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep this contact on top of the list, of search and of the tray&apos;s menu</source>
        <translation>Тримати цей контакт угорі списку, пошуку й меню в треї</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Call</source>
        <translation>&amp;Подзвонити</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call the contact&apos;s number (Enter)</source>
        <translation>Подзвонити на номер контакту (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cop&amp;y number</source>
        <translation>&amp;Копіювати номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the number to the clipboard</source>
        <translation>Скопіювати номер у буфер обміну</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import…</source>
        <translation>&amp;Імпорт…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add contacts from a vCard (.vcf) or CSV file from Google or Outlook</source>
        <translation>Додати контакти з файлу vCard (.vcf) або CSV із Google чи Outlook</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E&amp;xport…</source>
        <translation>&amp;Експорт…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the listed contacts (with the filter, not the search) as vCard or CSV</source>
        <translation>Зберегти контакти зі списку (за фільтром, без урахування пошуку) як vCard або CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Contact actions</source>
        <translation>Дії з контактами</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call a number</source>
        <translation>Подзвонити на номер</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search by name, any part of a number or department</source>
        <translation>Пошук за ім’ям, будь-якою частиною номера чи відділом</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+7"/>
        <location line="+3"/>
        <source>Search contacts</source>
        <translation>Пошук контактів</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Finds names in Latin or Cyrillic letters, any part of a number, departments; Enter calls the contact selected below.</source>
        <translation>Знаходить імена латиницею чи кирилицею, будь-яку частину номера, відділи; Enter дзвонить вибраному нижче контакту.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>All</source>
        <translation>Усі</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Favourites</source>
        <translation>Обрані</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My contacts</source>
        <translation>Мої контакти</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company directory</source>
        <translation>Довідник компанії</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show</source>
        <translation>Показати</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Which contacts to list: all, favourites, the ones you added or imported, or the company&apos;s directory learnt from the PBX</source>
        <translation>Які контакти показувати: усі, обрані, додані чи імпортовані вами, або довідник компанії, отриманий з АТС</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Contacts</source>
        <translation>Контакти</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter or a double click calls; right-click for more</source>
        <translation>Enter або подвійне клацання — дзвінок; права кнопка — інші дії</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number of contacts listed</source>
        <translation>Кількість контактів у списку</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../fmc_desktop/ui/shell/crash.py" line="+145"/>
        <source>Unexpected error</source>
        <translation>Неочікувана помилка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong inside fmc-desktop</source>
        <translation>У fmc-desktop щось пішло не так</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unexpected errors so far: {count}. The app carries on; if something looks wrong, restart it. Copying the details into a report helps to fix this.</source>
        <translation>Неочікуваних помилок досі: {count}. Застосунок працює далі; якщо щось виглядає не так, перезапустіть його. Подробиці, скопійовані у звіт про помилку, допоможуть її виправити.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The app carries on; if something looks wrong, restart it. Copying the details into a report helps to fix this.</source>
        <translation>Застосунок працює далі; якщо щось виглядає не так, перезапустіть його. Подробиці, скопійовані у звіт про помилку, допоможуть її виправити.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The log file is {path}</source>
        <translation>Файл журналу: {path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no log file.</source>
        <translation>Файлу журналу немає.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Copy details</source>
        <translation>Копіювати подробиці</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Open log folder</source>
        <translation>Відкрити теку журналів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error details</source>
        <translation>Подробиці помилки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happened</source>
        <translation>Що сталося</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log file</source>
        <translation>Файл журналу</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copied</source>
        <translation>Скопійовано</translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <location filename="../../fmc_desktop/ui/shell/app.py" line="+318"/>
        <source>fmc-desktop needs your FMC token to fetch calls and dial.</source>
        <translation>fmc-desktop потребує вашого FMC-токена, щоб отримувати дзвінки й дзвонити.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the token…</source>
        <translation>Ввести токен…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Syncing calls…</source>
        <translation>Синхронізація дзвінків…</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Missed call</source>
        <translation>Пропущений дзвінок</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 called at %2.</source>
        <translation>Дзвінок від %1 о %2.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n missed call(s)</source>
        <translation>
            <numerusform>%n пропущений дзвінок</numerusform>
            <numerusform>%n пропущені дзвінки</numerusform>
            <numerusform>%n пропущених дзвінків</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last one: %1 at %2.</source>
        <translation>Останній: %1 о %2.</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Dial the selected text, from any program</source>
        <translation>Подзвонити на виділений текст з будь-якої програми</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Local data deleted</source>
        <translation>Локальні дані видалено</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All local data was deleted. fmc-desktop will now close.</source>
        <translation>Усі локальні дані видалено. Зараз fmc-desktop закриється.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The call archive is damaged: nothing new is saved until it is repaired. Restart fmc-desktop to see the repair again, or run `fmc-desktop repair`.</source>
        <translation>Архів дзвінків пошкоджено: нічого нового не зберігається, доки його не відновлено. Перезапустіть fmc-desktop, щоб знову побачити відновлення, або виконайте `fmc-desktop repair`.</translation>
    </message>
</context>
<context>
    <name>DialController</name>
    <message>
        <location filename="../../fmc_desktop/ui/dialing/flow.py" line="+441"/>
        <source>Not a phone number</source>
        <translation>Це не номер телефону</translation>
    </message>
    <message>
        <location line="-32"/>
        <location line="+122"/>
        <source>Call cancelled</source>
        <translation>Дзвінок скасовано</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>The confirmation could not be shown, so nothing was dialled.</source>
        <translation>Не вдалося показати підтвердження, тож нікому не дзвонили.</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Not dialled</source>
        <translation>Не набрано</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{number} is an emergency number; it is never called from a link or the clipboard. If you need the emergency services, dial it on your phone.</source>
        <translation>{number} — номер екстреної служби; з посилання чи буфера обміну на нього ніколи не дзвонять. Якщо вам потрібна екстрена служба, наберіть його на своєму телефоні.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>The call to {who} was cancelled; nothing was dialled.</source>
        <translation>Дзвінок ({who}) скасовано; нікому не дзвонили.</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>Kyivstar is ringing your phone {mine}. Answer it to be connected to {who}.</source>
        <translation>Київстар дзвонить на ваш телефон {mine}. Дайте відповідь, щоб вас з’єднали з абонентом {who}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Then enter the extension {extension}.</source>
        <translation>Потім введіть внутрішній номер {extension}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Calling {who}</source>
        <translation>Дзвінок: {who}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Call to {who}: outcome unknown</source>
        <translation>Дзвінок: {who} — результат невідомий</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The call request was sent, but no answer came back. Outcome unknown: check your phone and the call history before trying again.</source>
        <translation>Запит на дзвінок надіслано, але відповідь не надійшла. Результат невідомий: перш ніж пробувати знову, перевірте телефон та історію дзвінків.</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+8"/>
        <source>Cannot call yet</source>
        <translation>Подзвонити поки неможливо</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>The call to {who} did not go through</source>
        <translation>Дзвінок ({who}) не відбувся</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add your own number in Settings first: Kyivstar rings that phone, and connects you to {who} when you answer.</source>
        <translation>Спершу додайте свій номер у налаштуваннях: Київстар подзвонить на цей телефон і, коли ви відповісте, з’єднає вас з абонентом {who}.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This link does not hold a phone number that can be called.</source>
        <translation>У цьому посиланні немає номера, на який можна подзвонити.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The clipboard is empty: copy a phone number first.</source>
        <translation>Буфер обміну порожній: спершу скопіюйте номер телефону.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The clipboard does not hold a phone number that can be called.</source>
        <translation>У буфері обміну немає номера, на який можна подзвонити.</translation>
    </message>
</context>
<context>
    <name>DialPad</name>
    <message>
        <location filename="../../fmc_desktop/ui/dialing/dial_pad.py" line="+479"/>
        <location line="+199"/>
        <source>Not a valid phone number.</source>
        <translation>Неправильний номер телефону.</translation>
    </message>
    <message>
        <location line="-163"/>
        <source>The clipboard does not hold a phone number.</source>
        <translation>У буфері обміну немає номера телефону.</translation>
    </message>
    <message>
        <location line="+165"/>
        <source>The number is not complete yet.</source>
        <translation>Номер ще не повний.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Calling…</source>
        <translation>Дзвоню…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+91"/>
        <source>Call</source>
        <translation>Подзвонити</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone number</source>
        <translation>Номер телефону</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This number came from outside the app: you will be asked before it is dialled. Clear the field to type your own.</source>
        <translation>Цей номер надійшов ззовні застосунку: перед дзвінком вас буде запитано. Очистьте поле, щоб ввести власний.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Type or paste a number written any way; press Enter to call.</source>
        <translation>Введіть або вставте номер у будь-якому записі; Enter — подзвонити.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>Стерти</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the last digit (Backspace)</source>
        <translation>Стерти останню цифру (Backspace)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number check</source>
        <translation>Перевірка номера</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call this number (Enter)</source>
        <translation>Подзвонити на цей номер (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not a valid phone number</source>
        <translation>Неправильний номер телефону</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Star</source>
        <translation>Зірочка</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hash</source>
        <translation>Решітка</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>0; hold or right-click for +</source>
        <translation>0; утримуйте або клацніть правою кнопкою для +</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold or right-click to type +</source>
        <translation>Утримуйте або клацніть правою кнопкою, щоб ввести +</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{digit} ({letters})</source>
        <translation>{digit} ({letters})</translation>
    </message>
</context>
<context>
    <name>DialPanel</name>
    <message>
        <location filename="../../fmc_desktop/ui/dialing/dial_panel.py" line="+48"/>
        <source>Call</source>
        <translation>Подзвонити</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../fmc_desktop/ui/history/empty_state.py" line="+81"/>
        <source>No calls match these filters</source>
        <translation>Жоден дзвінок не відповідає цим фільтрам</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear the filters</source>
        <translation>Очистити фільтри</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No sync has worked yet.</source>
        <translation>Жодна синхронізація ще не вдалася.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The last sync that worked was at %1.</source>
        <translation>Остання вдала синхронізація була о %1.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Kyivstar&apos;s server cannot be reached</source>
        <translation>Сервер Київстар недоступний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the internet connection, then try again.</source>
        <translation>Перевірте з’єднання з інтернетом і спробуйте ще раз.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again</source>
        <translation>Спробувати ще раз</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No calls yet</source>
        <translation>Дзвінків ще немає</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The first sync brings the last 30 days of calls from Kyivstar; it runs by itself once the FMC token is set.</source>
        <translation>Перша синхронізація отримає дзвінки за останні 30 днів від Київстар; вона запуститься сама, щойно буде задано FMC-токен.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sync now</source>
        <translation>Синхронізувати</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../../fmc_desktop/ui/shell/errors_text.py" line="+32"/>
        <location line="+273"/>
        <source>Something unexpected went wrong. The details below say what; the log file has more.</source>
        <translation>Сталася неочікувана помилка. Подробиці нижче пояснюють, що саме; більше — у файлі журналу.</translation>
    </message>
    <message>
        <location line="-253"/>
        <source>the FMC server</source>
        <translation>сервер FMC</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing was dialled.</source>
        <translation>Нікому не дзвонили.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The PBX refused the call: either the token is wrong, or the API FMC service is not enabled on the number {number}. Check the token in Settings, and ask your PBX administrator to enable the &quot;Convergent&quot; and &quot;API FMC&quot; packages for that number.</source>
        <translation>АТС відхилила дзвінок: або токен неправильний, або на номері {number} не ввімкнено послугу API FMC. Перевірте токен у налаштуваннях і попросіть адміністратора АТС увімкнути для цього номера пакети «Convergent» і «API FMC».</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The PBX refused the call: either the token is wrong, or the API FMC service is not enabled on your number. Check the token in Settings, and ask your PBX administrator to enable the &quot;Convergent&quot; and &quot;API FMC&quot; packages for your number.</source>
        <translation>АТС відхилила дзвінок: або токен неправильний, або на вашому номері не ввімкнено послугу API FMC. Перевірте токен у налаштуваннях і попросіть адміністратора АТС увімкнути для вашого номера пакети «Convergent» і «API FMC».</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>The FMC API rejected the token. Either the token is wrong (copy it again from the Settings section of the integration portal), or the numbers lack the &quot;Convergent&quot; package, which the call history needs.</source>
        <translation>FMC API відхилив токен. Або токен неправильний (скопіюйте його знову з розділу «Налаштування» порталу інтеграції), або на номерах немає пакета «Convergent», без якого історія дзвінків недоступна.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No FMC token is set. Enter it in Settings to see your calls and to dial.</source>
        <translation>FMC-токен не задано. Введіть його в налаштуваннях, щоб бачити свої дзвінки й дзвонити.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This is not an FMC token: a token has 64 characters, digits 0-9 and letters a-f. Copy it again from the Settings section of the integration portal.</source>
        <translation>Це не FMC-токен: токен має 64 символи — цифри 0-9 і літери a-f. Скопіюйте його знову з розділу «Налаштування» порталу інтеграції.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The PBX did not accept the call request: check the number and the &quot;call as&quot; number.</source>
        <translation>АТС не прийняла запит на дзвінок: перевірте номер і номер, з якого ви дзвоните.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The FMC API refused the request as invalid. Try again; if it keeps happening, please report it with the details.</source>
        <translation>FMC API відхилив запит як неправильний. Спробуйте ще раз; якщо це повторюється, повідомте про помилку, додавши подробиці.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The server said: {text}</source>
        <translation>Відповідь сервера: {text}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The server answered with a redirect, which is not followed. Check the server address in Settings (Advanced).</source>
        <translation>Сервер відповів переадресуванням, за яким застосунок не йде. Перевірте адресу сервера в налаштуваннях (розділ «Додатково»).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server gave an unexpected answer (status {status}). Check the server address in Settings (Advanced).</source>
        <translation>Сервер дав неочікувану відповідь (код {status}). Перевірте адресу сервера в налаштуваннях (розділ «Додатково»).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The FMC server reported an error for the call request. Check your phone and the call history before trying again.</source>
        <translation>Сервер FMC повідомив про помилку під час запиту на дзвінок. Перш ніж пробувати знову, перевірте телефон та історію дзвінків.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The FMC server reported an internal error. Try again in a few minutes.</source>
        <translation>Сервер FMC повідомив про внутрішню помилку. Спробуйте ще раз за кілька хвилин.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Could not reach {host} through the proxy. Check the proxy in Settings (Advanced).</source>
        <translation>Не вдалося з’єднатися з {host} через проксі. Перевірте проксі в налаштуваннях (розділ «Додатково»).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not make a secure connection to {host}: its certificate was not accepted. Check the computer&apos;s date, and any proxy or antivirus that inspects secure connections.</source>
        <translation>Не вдалося встановити захищене з’єднання з {host}: його сертифікат не прийнято. Перевірте дату на комп’ютері, а також проксі чи антивірус, що перевіряють захищені з’єднання.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Could not reach {host}. Check the network connection and the proxy settings.</source>
        <translation>Не вдалося з’єднатися з {host}. Перевірте підключення до мережі та налаштування проксі.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The connection to {host} broke before the answer was complete. Check the network connection and try again.</source>
        <translation>З’єднання з {host} обірвалося, перш ніж надійшла вся відповідь. Перевірте підключення до мережі й спробуйте ще раз.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{host} did not accept a connection in time. Check the network connection and the proxy settings.</source>
        <translation>{host} вчасно не прийняв з’єднання. Перевірте підключення до мережі та налаштування проксі.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{host} did not answer in time. Try again in a few minutes.</source>
        <translation>{host} вчасно не відповів. Спробуйте ще раз за кілька хвилин.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server&apos;s answer was too large to be read safely. Try a shorter period.</source>
        <translation>Відповідь сервера завелика, щоб її безпечно прочитати. Спробуйте коротший період.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The server&apos;s answer could not be read. Try again later; if it keeps happening, please report it with the details.</source>
        <translation>Не вдалося прочитати відповідь сервера. Спробуйте пізніше; якщо це повторюється, повідомте про помилку, додавши подробиці.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The call request was sent, but no answer came back. Your phone may ring: check it and the call history before trying again.</source>
        <translation>Запит на дзвінок надіслано, але відповідь не надійшла. Ваш телефон може задзвонити: перш ніж пробувати знову, перевірте його та історію дзвінків.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This is not a phone number that can be dialled. Check it and try again.</source>
        <translation>На цей номер неможливо подзвонити. Перевірте його й спробуйте ще раз.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A value entered is not valid; the details say which and why.</source>
        <translation>Одне з уведених значень неправильне; подробиці пояснюють, яке саме і чому.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The keyring is locked. Unlock it and try again, or keep the token for this session only.</source>
        <translation>Сховище паролів заблоковане. Розблокуйте його й спробуйте ще раз або збережіть токен лише на цей сеанс.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is no secure keyring on this computer (such as GNOME Keyring or KWallet), so the token cannot be saved. You can keep it for this session only; it will be asked for again at the next start.</source>
        <translation>На цьому комп’ютері немає захищеного сховища паролів (як-от GNOME Keyring чи KWallet), тож токен не можна зберегти. Його можна тримати лише впродовж цього сеансу; під час наступного запуску застосунок попросить його знову.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The keyring did not answer; it may be waiting to be unlocked. Unlock it and try again, or keep the token for this session only.</source>
        <translation>Сховище паролів не відповідає; можливо, воно чекає на розблокування. Розблокуйте його й спробуйте ще раз або збережіть токен лише на цей сеанс.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The server address must be a full https:// address, such as https://fmc.kyivstar.ua, with no user name, password or query; plain http:// is allowed only to this computer.</source>
        <translation>Адреса сервера має бути повною адресою https://, наприклад https://fmc.kyivstar.ua, без імені користувача, пароля чи запиту; звичайний http:// дозволено лише до цього комп’ютера.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The call archive could not be read or written. Check that the disk has free space; the details say more.</source>
        <translation>Не вдалося прочитати чи записати архів дзвінків. Перевірте, чи є вільне місце на диску; подробиці розкажуть більше.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The call archive is damaged, so nothing more is saved to it. Restart fmc-desktop to restore a backup or save what can be read.</source>
        <translation>Архів дзвінків пошкоджено, тож у нього більше нічого не зберігається. Перезапустіть fmc-desktop, щоб відновити резервну копію або зберегти те, що ще читається.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A folder of fmc-desktop cannot be written: it is read-only or its disk is full. The details say which.</source>
        <translation>У теку fmc-desktop неможливо записати: вона лише для читання або її диск заповнений. Подробиці кажуть, яка саме.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The settings file could not be read. It was kept as {path}, and the settings start again from the defaults.</source>
        <translation>Не вдалося прочитати файл налаштувань. Його збережено як {path}, а налаштування починаються знову зі стандартних.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The settings file could not be read or written. The details say why.</source>
        <translation>Не вдалося прочитати чи записати файл налаштувань. Подробиці пояснюють чому.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../fmc_desktop/ui/history/filter_bar.py" line="+145"/>
        <source>search “%1”</source>
        <translation>пошук «%1»</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>search: %1</source>
        <translation>пошук: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Filters: %1.</source>
        <translation>Фільтри: %1.</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Today</source>
        <translation>Сьогодні</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yesterday</source>
        <translation>Учора</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>Останні 7 днів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>Останні 30 днів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whole archive</source>
        <translation>Увесь архів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom range…</source>
        <translation>Довільний період…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Period</source>
        <translation>Період</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which calls to show, by when they started</source>
        <translation>Які дзвінки показувати — за часом початку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First day</source>
        <translation>Перший день</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last day</source>
        <translation>Останній день</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search number, name or department</source>
        <translation>Пошук за номером, ім’ям чи відділом</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search calls</source>
        <translation>Пошук дзвінків</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A number in any form, a name or a department, in Cyrillic or Latin (Ctrl+F)</source>
        <translation>Номер у будь-якому записі, ім’я чи відділ — кирилицею або латиницею (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All directions</source>
        <translation>Усі напрямки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incoming</source>
        <translation>Вхідні</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outgoing</source>
        <translation>Вихідні</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal</source>
        <translation>Внутрішні</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Direction</source>
        <translation>Напрямок</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answered or not</source>
        <translation>З відповіддю і без</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>Answered</source>
        <translation>З відповіддю</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Unanswered</source>
        <translation>Без відповіді</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>My calls</source>
        <translation>Мої дзвінки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calls of your own numbers</source>
        <translation>Дзвінки ваших номерів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show my calls</source>
        <translation>Показати мої дзвінки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whole PBX</source>
        <translation>Уся АТС</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calls of every number of your company</source>
        <translation>Дзвінки всіх номерів вашої компанії</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the whole PBX</source>
        <translation>Показати всю АТС</translation>
    </message>
</context>
<context>
    <name>FilterNotice</name>
    <message>
        <location filename="../../fmc_desktop/ui/history/filter_notice.py" line="+46"/>
        <source>Filtered by %1: %2 shown.</source>
        <translation>Відібрано за: %1. Показано %2.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear filters</source>
        <translation>Скинути фільтри</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear filters and show every call</source>
        <translation>Скинути фільтри й показати всі дзвінки</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/first_run/wizard.py" line="+168"/>
        <source>Set up fmc-desktop</source>
        <translation>Налаштування fmc-desktop</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Try the demo</source>
        <translation>Спробувати демо</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the app on a made-up company, without a token</source>
        <translation>Запустити застосунок на вигаданій компанії, без токена</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next</source>
        <translation>Далі</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finish</source>
        <translation>Завершити</translation>
    </message>
</context>
<context>
    <name>GlobalShortcut</name>
    <message>
        <location filename="../../fmc_desktop/ui/dialing/global_shortcut.py" line="+319"/>
        <source>Dial the selected text</source>
        <translation>Подзвонити на номер у виділеному тексті</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Global shortcuts are not available on this desktop (%1).</source>
        <translation>На цьому робочому столі глобальні скорочення недоступні (%1).</translation>
    </message>
</context>
<context>
    <name>GlobalShortcutGroup</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/pages/global_shortcut.py" line="+69"/>
        <source>Choose keys with Ctrl, Alt or Meta: a plain key would be taken from every program.</source>
        <translation>Виберіть клавіші з Ctrl, Alt або Meta: звичайну клавішу було б забрано в усіх програм.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Off here: %1</source>
        <translation>Тут вимкнено: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Select a phone number in any program (a web page, an e-mail, a document) and press these keys: the number is found in the selection (or on the clipboard) and always shown for confirmation before it is dialled.</source>
        <translation>Виділіть номер телефону в будь-якій програмі (на вебсторінці, у листі, в документі) і натисніть ці клавіші: номер буде знайдено у виділенні (або в буфері обміну) і завжди показано для підтвердження перед дзвінком.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dial from any program</source>
        <translation>Дзвінок з будь-якої програми</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dial the selected &amp;text with:</source>
        <translation>Дзвонити на виділений &amp;текст клавішами:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a global shortcut to dial the selected text</source>
        <translation>Дзвонити на виділений текст глобальним скороченням</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keys that dial the selected text</source>
        <translation>Клавіші дзвінка на виділений текст</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About dialling the selected text</source>
        <translation>Про дзвінок на виділений текст</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../fmc_desktop/ui/history/model.py" line="+101"/>
        <location line="+308"/>
        <source>Direction</source>
        <translation>Напрямок</translation>
    </message>
    <message>
        <location line="-307"/>
        <source>Date and time</source>
        <translation>Дата й час</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+316"/>
        <source>Duration</source>
        <translation>Тривалість</translation>
    </message>
    <message>
        <location line="-315"/>
        <source>Other party</source>
        <translation>Співрозмовник</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Our subscriber</source>
        <translation>Наш абонент</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>Відділ</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Incoming</source>
        <translation>Вхідний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missed</source>
        <translation>Пропущений</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outgoing</source>
        <translation>Вихідний</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal</source>
        <translation>Внутрішній</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>Інший</translation>
    </message>
    <message>
        <location line="+280"/>
        <source>Kyiv time</source>
        <translation>київський час</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>local time</source>
        <translation>місцевий час</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Start</source>
        <translation>Початок</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>End</source>
        <translation>Кінець</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{duration} ({seconds} s)</source>
        <translation>{duration} ({seconds} с)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Calling</source>
        <translation>Хто дзвонив</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Called</source>
        <translation>Кому дзвонили</translation>
    </message>
    <message>
        <location line="+131"/>
        <source>yes</source>
        <translation>так</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no</source>
        <translation>ні</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../fmc_desktop/ui/history/view.py" line="+139"/>
        <source>Call back %1</source>
        <translation>Передзвонити: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy number</source>
        <translation>Копіювати номер</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show only calls with %1</source>
        <translation>Показати лише дзвінки з %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add to contacts…</source>
        <translation>Додати до контактів…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add to favourites</source>
        <translation>Додати до обраних</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <location filename="../../fmc_desktop/ui/contacts/import_report.py" line="+66"/>
        <source>The card has no name, phone number or e-mail.</source>
        <translation>У картці немає ні імені, ні номера, ні електронної пошти.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The row has no name, phone number or e-mail.</source>
        <translation>У записі немає ні імені, ні номера, ні електронної пошти.</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>The card has no END:VCARD: the file is cut short.</source>
        <translation>Картка не має END:VCARD: файл обірвано.</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Text outside any BEGIN:VCARD … END:VCARD was skipped.</source>
        <translation>Текст поза BEGIN:VCARD … END:VCARD пропущено.</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>card %1 (line %2)</source>
        <translation>картка %1 (рядок %2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>row %1 (line %2)</source>
        <translation>запис %1 (рядок %2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>line %1</source>
        <translation>рядок %1</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>The card cannot be read: its name is on line %1, and %2</source>
        <translation>Картку не прочитано: її ім’я в рядку %1, а %2</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>The file cannot be read past this point (%1).</source>
        <translation>Далі цього місця файл прочитати неможливо (%1).</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 is %2 MB: too big to be an address book.</source>
        <translation>%1 має %2 МБ: це завелико для адресної книги.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 cannot be read (%2).</source>
        <translation>%1 не вдається прочитати (%2).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 is empty: there are no contacts in it.</source>
        <translation>%1 порожній: у ньому немає контактів.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not text in UTF-8, UTF-16 or Windows-1251: it cannot be read as contacts.</source>
        <translation>%1 — не текст у UTF-8, UTF-16 чи Windows-1251: контакти з нього прочитати неможливо.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 has no header row, so it is not a contacts CSV.</source>
        <translation>У %1 немає рядка заголовків, тож це не CSV-файл із контактами.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 is a CSV file, but not one from Google Contacts or Outlook: its header has neither &apos;Phone 1 - Value&apos; nor &apos;Mobile Phone&apos;/&apos;Business Phone&apos;/&apos;E-mail Address&apos; (or Outlook&apos;s Russian titles). Export the contacts again from Google Contacts or Outlook, or as a vCard (.vcf).</source>
        <translation>%1 — CSV-файл, але не з Google Контактів чи Outlook: у його заголовку немає ні «Phone 1 - Value», ні «Mobile Phone»/«Business Phone»/«E-mail Address» (ні російських назв стовпців Outlook). Експортуйте контакти ще раз із Google Контактів чи Outlook або у форматі vCard (.vcf).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>There is no vCard in this file.</source>
        <translation>У цьому файлі немає жодної vCard.</translation>
    </message>
    <message>
        <location line="-197"/>
        <source>The card cannot be read: “%1” is not a vCard property, and it breaks off the card&apos;s name on line %2.</source>
        <translation>Картку не прочитано: «%1» не є властивістю vCard і обриває ім’я картки в рядку %2.</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>This link does not hold a phone number that can be called.</source>
        <translation>У цьому посиланні немає номера, на який можна подзвонити.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The row has %1 fields but the header has %2: its columns cannot be told apart.</source>
        <translation>У записі полів — %1, а в заголовку — %2: не видно, яке поле до якого стовпця належить.</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>“%1” is not text in %2.</source>
        <translation>«%1» — не текст у кодуванні %2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“%1” is not a vCard property.</source>
        <translation>«%1» не є властивістю vCard.</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Line %1 was skipped:</source>
        <translation>Рядок %1 пропущено:</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>It breaks off line %1 before it, which was skipped too.</source>
        <translation>Він обриває попередній рядок %1, тож його теж пропущено.</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>The rest of the card (%1) was imported, without a phone number.</source>
        <translation>Решту картки (%1) імпортовано, але без номера телефону.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The rest of the card (%1) was imported.</source>
        <translation>Решту картки (%1) імпортовано.</translation>
    </message>
    <message>
        <location line="+42"/>
        <location line="+11"/>
        <source>The number “%1” was skipped: %2</source>
        <translation>Номер «%1» пропущено: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The contact %1 came in without a phone number.</source>
        <translation>Контакт %1 імпортовано без номера телефону.</translation>
    </message>
</context>
<context>
    <name>Insights</name>
    <message numerus="yes">
        <location filename="../../fmc_desktop/ui/insights/wording.py" line="+30"/>
        <source>%Ln call(s)</source>
        <translation>
            <numerusform>%Ln дзвінок</numerusform>
            <numerusform>%Ln дзвінки</numerusform>
            <numerusform>%Ln дзвінків</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>and %Ln more department(s)</source>
        <translation>
            <numerusform>і ще %Ln відділ</numerusform>
            <numerusform>і ще %Ln відділи</numerusform>
            <numerusform>і ще %Ln відділів</numerusform>
        </translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min</source>
        <translation>%1 хв</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 h %2 min</source>
        <translation>%1 год %2 хв</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/insights/durations.py" line="+21"/>
        <source>Missed</source>
        <translation>Без відп.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Under 30 s</source>
        <translation>До 30 с</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>30 s – 1 min</source>
        <translation>30 с – 1 хв</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1–3 min</source>
        <translation>1–3 хв</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>3–10 min</source>
        <translation>3–10 хв</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>10–30 min</source>
        <translation>10–30 хв</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Over 30 min</source>
        <translation>Понад 30 хв</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/insights/wording.py" line="+4"/>
        <source>No calls in this period</source>
        <translation>За цей період дзвінків немає</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/insights/daily.py" line="+61"/>
        <location filename="../../fmc_desktop/ui/insights/view.py" line="+59"/>
        <source>Calls per day</source>
        <translation>Дзвінки за днями</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Incoming</source>
        <translation>Вхідні</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outgoing</source>
        <translation>Вихідні</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Internal</source>
        <translation>Внутрішні</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Other</source>
        <translation>Інші</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../../fmc_desktop/ui/insights/departments.py" line="+45"/>
        <source>Unanswered (hatched)</source>
        <translation>Без відповіді (заштриховано)</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>Incoming: %1 answered, %2 unanswered</source>
        <translation>Вхідні: %1 з відповіддю, %2 без відповіді</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Outgoing: %1 answered, %2 unanswered</source>
        <translation>Вихідні: %1 з відповіддю, %2 без відповіді</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Internal: %1</source>
        <translation>Внутрішні: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Other: %1</source>
        <translation>Інші: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Total: %1</source>
        <translation>Усього: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 over %2 days. The busiest day was %3, with %4.</source>
        <translation>%1 за %2 дн. Найнапруженіший день — %3: %4.</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/insights/hours.py" line="+37"/>
        <source>Calls by hour of day and day of week</source>
        <translation>Дзвінки за годинами та днями тижня</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The busiest hour is %1 %2, with %3.</source>
        <translation>Найнапруженіша година — %1 %2: %3.</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/insights/durations.py" line="+18"/>
        <location filename="../../fmc_desktop/ui/insights/view.py" line="+6"/>
        <source>Call durations</source>
        <translation>Тривалість дзвінків</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>%1: %2 (%3 of all calls)</source>
        <translation>%1: %2 (%3 усіх дзвінків)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Most answered calls lasted %1 (%2). Unanswered: %3.</source>
        <translation>Більшість дзвінків з відповіддю тривали %1 (%2). Без відповіді: %3.</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/insights/parties.py" line="+34"/>
        <location filename="../../fmc_desktop/ui/insights/view.py" line="+3"/>
        <source>Most called numbers</source>
        <translation>Кому дзвонили найчастіше</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../fmc_desktop/ui/insights/view.py" line="+4"/>
        <source>Most frequent callers</source>
        <translation>Хто дзвонив найчастіше</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No calls made in this period</source>
        <translation>За цей період вихідних дзвінків немає</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No calls received in this period</source>
        <translation>За цей період вхідних дзвінків немає</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1, talk time %2</source>
        <translation>%1, час розмов %2</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/insights/bar_rows.py" line="+63"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/insights/parties.py" line="+24"/>
        <source>First: %1, %2.</source>
        <translation>Перше місце: %1, %2.</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/insights/departments.py" line="-14"/>
        <source>Calls per department</source>
        <translation>Дзвінки за відділами</translation>
    </message>
    <message>
        <location line="+12"/>
        <location filename="../../fmc_desktop/ui/insights/view.py" line="-30"/>
        <source>Answered</source>
        <translation>З відповіддю</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No departments in these calls</source>
        <translation>У цих дзвінках немає відділів</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: %2 answered, %3 unanswered</source>
        <translation>%1: %2 з відповіддю, %3 без відповіді</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Talk time: %1</source>
        <translation>Час розмов: %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Departments: %1. The busiest is %2, with %3.</source>
        <translation>Відділів: %1. Найзавантаженіший — %2: %3.</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/insights/view.py" line="-12"/>
        <location line="+105"/>
        <source>Insights</source>
        <translation>Аналітика</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>Calls</source>
        <translation>Дзвінки</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Talk time</source>
        <translation>Час розмов</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unanswered incoming</source>
        <translation>Вхідні без відповіді</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Busiest hours (Kyiv time)</source>
        <translation>Найнапруженіші години (за Києвом)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Departments</source>
        <translation>Відділи</translation>
    </message>
</context>
<context>
    <name>LoadStatus</name>
    <message>
        <location filename="../../fmc_desktop/ui/history/load_status.py" line="+53"/>
        <source>Loading the history: %1 of %2 calls; search and sort cover these so far.</source>
        <translation>Завантаження історії: %1 з %2 дзвінків; пошук і сортування поки що охоплюють лише їх.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The history could not be saved for a quick start (%1): each start reads it from the archive, which takes longer.</source>
        <translation>Історію не вдалося зберегти для швидкого запуску (%1): щоразу її читатиме з архіву, а це довше.</translation>
    </message>
</context>
<context>
    <name>LocalDataPage</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/pages/local_data.py" line="+182"/>
        <source>Measuring…</source>
        <translation>Вимірюю…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{size}; calls in the archive: {count}</source>
        <translation>{size}; дзвінків в архіві: {count}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{count}, the newest from {when}, {size} in all</source>
        <translation>{count}, найновіша від {when}, разом {size}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>None yet (one a day, the last seven kept)</source>
        <translation>Ще немає (одна на день, зберігаються сім)</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+120"/>
        <location line="+9"/>
        <source>Forget old calls</source>
        <translation>Забути старі дзвінки</translation>
    </message>
    <message>
        <location line="-127"/>
        <source>Delete every call before {day} from the archive on this computer? Calls older than 30 days cannot be fetched from the PBX again.</source>
        <translation>Видалити з архіву на цьому комп’ютері всі дзвінки до {day}? Дзвінки, старші за 30 днів, з АТС отримати знову неможливо.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Calls forgotten: {count}.</source>
        <translation>Забуто дзвінків: {count}.</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+83"/>
        <location line="+9"/>
        <source>Delete all local data</source>
        <translation>Видалити всі локальні дані</translation>
    </message>
    <message>
        <location line="-89"/>
        <source>Delete the call archive, the settings, the cache and the logs from this computer? This cannot be undone.</source>
        <translation>Видалити з цього комп’ютера архів дзвінків, налаштування, кеш і журнали? Цю дію не можна скасувати.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>Also remove the token from the keyring</source>
        <translation>Також видалити токен зі сховища паролів</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete everything</source>
        <translation>Видалити все</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Local data deleted, except files still in use: {count}. The log names them.</source>
        <translation>Локальні дані видалено, окрім файлів, які ще використовуються: {count}. Їх названо в журналі.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All local data of this computer is deleted.</source>
        <translation>Усі локальні дані цього комп’ютера видалено.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>On this computer</source>
        <translation>На цьому комп’ютері</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder:</source>
        <translation>Тека даних:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder</source>
        <translation>Тека даних</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open folder</source>
        <translation>Відкрити теку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the data folder</source>
        <translation>Відкрити теку даних</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size:</source>
        <translation>Розмір:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size of the data</source>
        <translation>Розмір даних</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backups:</source>
        <translation>Резервні копії:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backups of the call archive</source>
        <translation>Резервні копії архіву дзвінків</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Logs:</source>
        <translation>Журнали:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log folder</source>
        <translation>Тека журналів</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Open log folder</source>
        <translation>Відкрити теку журналів</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Forget calls &amp;before:</source>
        <translation>Забути дзвінки &amp;до:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forget calls before this day</source>
        <translation>Забути дзвінки до цього дня</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Forget…</source>
        <translation>Забути…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The calls are deleted from the archive on this computer only.</source>
        <translation>Дзвінки видаляються лише з архіву на цьому комп’ютері.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About forgetting calls</source>
        <translation>Про видалення старих дзвінків</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deletes the call archive, the settings, the cache and the logs of this computer. The token stays in the keyring unless you ask to remove it too.</source>
        <translation>Видаляє архів дзвінків, налаштування, кеш і журнали цього комп’ютера. Токен лишається у сховищі паролів, якщо ви не попросите видалити і його.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About deleting the data</source>
        <translation>Про видалення даних</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete all local data…</source>
        <translation>Видалити всі локальні дані…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
</context>
<context>
    <name>LooksSettingsPage</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/pages/looks.py" line="+83"/>
        <source>Appearance</source>
        <translation>Вигляд</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language:</source>
        <translation>&amp;Мова:</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <source>As the system</source>
        <translation>Як у системі</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Language</source>
        <translation>Мова</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Theme:</source>
        <translation>&amp;Тема:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Light</source>
        <translation>Світла</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Темна</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Theme</source>
        <translation>Тема</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call &amp;times in:</source>
        <translation>&amp;Час дзвінків:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kyiv time (the PBX&apos;s clock)</source>
        <translation>За київським часом (годинник АТС)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This computer&apos;s time zone</source>
        <translation>За часовим поясом цього комп’ютера</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time zone for call times</source>
        <translation>Часовий пояс для часу дзвінків</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Starting</source>
        <translation>Запуск</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Start minimised</source>
        <translation>Запускати згорнутим</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Start when I log in</source>
        <translation>Запускати під час входу в систему</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Adds fmc-desktop to the programs your desktop starts at login.</source>
        <translation>Додає fmc-desktop до програм, які стільниця запускає під час входу.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>On this system the installer adds fmc-desktop to the programs started at login; change it in the system&apos;s settings.</source>
        <translation>У цій системі fmc-desktop додає до автозапуску інсталятор; змінити це можна в налаштуваннях системи.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About starting at login</source>
        <translation>Про запуск під час входу</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../fmc_desktop/ui/shell/main_window.py" line="+284"/>
        <source>fmc-desktop</source>
        <translation>fmc-desktop</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Sync now</source>
        <translation>Синхронізувати</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Main toolbar</source>
        <translation>Головна панель інструментів</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>History</source>
        <translation>Історія</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Insights</source>
        <translation>Аналітика</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contacts</source>
        <translation>Контакти</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Views</source>
        <translation>Розділи</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Call history</source>
        <translation>Історія дзвінків</translation>
    </message>
    <message numerus="yes">
        <location line="+69"/>
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n дзвінок</numerusform>
            <numerusform>%n дзвінки</numerusform>
            <numerusform>%n дзвінків</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (loading…)</source>
        <translation>%1 (завантаження…)</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>A sync is already running.</source>
        <translation>Синхронізація вже триває.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Kyivstar rejected the FMC token, so automatic syncing has stopped. Enter a new token to start again.</source>
        <translation>Київстар відхилив FMC-токен, тому автоматичну синхронізацію зупинено. Введіть новий токен, щоб відновити її.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter a new token…</source>
        <translation>Ввести новий токен…</translation>
    </message>
    <message>
        <location line="+273"/>
        <source>Export cancelled; no file was written.</source>
        <translation>Експорт скасовано; файл не записано.</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/shell/help_menu.py" line="+39"/>
        <source>Call the selected call or contact</source>
        <translation>Подзвонити вибраному дзвінку чи контакту</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From the search box into the results</source>
        <translation>З поля пошуку до результатів</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Down, Up</source>
        <translation>Вниз, Вгору</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back from the first result to the search box</source>
        <translation>З першого результату назад до поля пошуку</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Up</source>
        <translation>Вгору</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open a call&apos;s menu</source>
        <translation>Відкрити меню дзвінка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Menu, Shift+F10</source>
        <translation>Menu, Shift+F10</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the selected call&apos;s number</source>
        <translation>Скопіювати номер вибраного дзвінка</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Change a day, month or year in a date field</source>
        <translation>Змінити день, місяць чи рік у полі дати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Left, Right, Up, Down</source>
        <translation>Вліво, Вправо, Вгору, Вниз</translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/shell/main_window.py" line="-472"/>
        <source>Demo on the API simulator</source>
        <translation>Демо на симуляторі API</translation>
    </message>
    <message numerus="yes">
        <location line="+212"/>
        <source>and %n more</source>
        <translation>
            <numerusform>і ще %n день</numerusform>
            <numerusform>і ще %n дні</numerusform>
            <numerusform>і ще %n днів</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The archive has no calls for %1 and the API no longer keeps them; import an export file for those days to fill the gap.</source>
        <translation>В архіві немає дзвінків за %1, а API їх уже не зберігає; щоб заповнити прогалину, імпортуйте файл експорту за ці дні.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import calls…</source>
        <translation>Імпортувати дзвінки…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>To call back</source>
        <translation>Передзвонити</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Contact saved.</source>
        <translation>Контакт збережено.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 is now a favourite.</source>
        <translation>%1 тепер серед обраних.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add to favourites</source>
        <translation>Додати до обраних</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name for %1 in your favourites:</source>
        <translation>Ім’я для %1 в обраних:</translation>
    </message>
    <message numerus="yes">
        <location line="+82"/>
        <source>Exported %n call(s).</source>
        <translation>
            <numerusform>Експортовано %n дзвінок.</numerusform>
            <numerusform>Експортовано %n дзвінки.</numerusform>
            <numerusform>Експортовано %n дзвінків.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../fmc_desktop/ui/shell/help_menu.py" line="-43"/>
        <source>About fmc-desktop</source>
        <translation>Про fmc-desktop</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;h3&gt;fmc-desktop %1&lt;/h3&gt;&lt;p&gt;A desktop companion for the Kyivstar Virtual Mobile PBX: dial from your desktop and review your calls.&lt;/p&gt;&lt;p&gt;MIT licence.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;fmc-desktop %1&lt;/h3&gt;&lt;p&gt;Настільний помічник для Віртуальної мобільної АТС Київстар: дзвоніть з комп’ютера й переглядайте свої дзвінки.&lt;/p&gt;&lt;p&gt;Ліцензія MIT.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <location filename="../../fmc_desktop/ui/shell/notifications.py" line="+289"/>
        <source>Open fmc-desktop</source>
        <translation>Відкрити fmc-desktop</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call back</source>
        <translation>Передзвонити</translation>
    </message>
</context>
<context>
    <name>NumberChooser</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/numbers_chooser.py" line="+194"/>
        <source>{who} is my number</source>
        <translation>{who} — мій номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{who} is a company number</source>
        <translation>{who} — номер компанії</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>That is not a phone number.</source>
        <translation>Це не номер телефону.</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Find by name, number or department</source>
        <translation>Пошук за ім’ям, номером чи відділом</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find a number</source>
        <translation>Знайти номер</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mine</source>
        <translation>Мій</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company</source>
        <translation>Компанії</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Ім’я</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>Відділ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Company numbers</source>
        <translation>Номери компанії</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tick your own numbers in the first column and the company&apos;s in the second.</source>
        <translation>Позначте свої номери в першому стовпці, а номери компанії — у другому.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Another number of yours, e.g. 067 123 45 67</source>
        <translation>Ще один ваш номер, наприклад 067 123 45 67</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number to add</source>
        <translation>Номер, який додати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add</source>
        <translation>Додати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add the number</source>
        <translation>Додати номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number check</source>
        <translation>Перевірка номера</translation>
    </message>
</context>
<context>
    <name>NumberRow</name>
    <message>
        <location filename="../../fmc_desktop/ui/contacts/editor.py" line="+227"/>
        <location line="+1"/>
        <source>Phone number</source>
        <translation>Номер телефону</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The number written any way: 067 123 45 67, +380 67 123 45 67, an extension.</source>
        <translation>Номер у будь-якому записі: 067 123 45 67, +380 67 123 45 67, внутрішній.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Label</source>
        <translation>Позначка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label of the number</source>
        <translation>Позначка номера</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which phone this is: pick one or type your own word.</source>
        <translation>Що це за телефон: виберіть зі списку або введіть своє слово.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>Remove this number</source>
        <translation>Вилучити цей номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number check</source>
        <translation>Перевірка номера</translation>
    </message>
</context>
<context>
    <name>NumbersPage</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/first_run/numbers_page.py" line="+90"/>
        <source>Looking at the company&apos;s calls of the last 7 days…</source>
        <translation>Переглядаю дзвінки компанії за останні 7 днів…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Numbers named in the company&apos;s recent calls: {count}. Tick yours; the company&apos;s are ticked already.</source>
        <translation>Номерів з іменами в нещодавніх дзвінках компанії: {count}. Позначте свої; номери компанії вже позначено.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The recent calls name no numbers. Add your number below; names appear after the first sync.</source>
        <translation>У нещодавніх дзвінках немає номерів з іменами. Додайте свій номер нижче; імена з’являться після першої синхронізації.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The company&apos;s numbers could not be read: {reason} You can add your number by hand.</source>
        <translation>Не вдалося отримати номери компанії: {reason} Свій номер можна додати вручну.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Your numbers</source>
        <translation>Ваші номери</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tick the numbers that are yours, for your calls and for dialling, and the company&apos;s, for the whole PBX view.</source>
        <translation>Позначте свої номери — для ваших дзвінків і набору — та номери компанії — для огляду всієї АТС.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Try again</source>
        <translation>Спробувати ще раз</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the numbers again</source>
        <translation>Отримати номери ще раз</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Call as:</source>
        <translation>&amp;Дзвонити з:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call as</source>
        <translation>Дзвонити з номера</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number the PBX rings first when you dial</source>
        <translation>Номер, на який АТС дзвонить першим, коли ви набираєте</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Numbers status</source>
        <translation>Стан номерів</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tick at least one number as yours, or add it below the list.</source>
        <translation>Позначте щонайменше один номер як свій або додайте його під списком.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What is missing</source>
        <translation>Чого бракує</translation>
    </message>
</context>
<context>
    <name>NumbersSettingsPage</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/pages/numbers.py" line="+176"/>
        <source>Looking at the company&apos;s calls of the last 7 days…</source>
        <translation>Переглядаю дзвінки компанії за останні 7 днів…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Numbers named in the company&apos;s recent calls: {count}.</source>
        <translation>Номерів з іменами в нещодавніх дзвінках компанії: {count}.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Your numbers and the company&apos;s</source>
        <translation>Ваші номери та номери компанії</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find in recent calls</source>
        <translation>Знайти в нещодавніх дзвінках</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find the company&apos;s numbers in its recent calls</source>
        <translation>Знайти номери компанії в її нещодавніх дзвінках</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Numbers status</source>
        <translation>Стан номерів</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your own numbers are the ones you call from; the company&apos;s make up the whole PBX view.</source>
        <translation>Ваші номери — ті, з яких ви дзвоните; номери компанії складають огляд усієї АТС.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dialling</source>
        <translation>Набір номера</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Call as:</source>
        <translation>&amp;Дзвонити з:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call as</source>
        <translation>Дзвонити з номера</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number the PBX rings first when you dial</source>
        <translation>Номер, на який АТС дзвонить першим, коли ви набираєте</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Ask before dialling a number</source>
        <translation>Питати перед набором номера</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Numbers that come from outside the app (a link on a web page, the clipboard) are always confirmed, whatever this says: a web page must not be able to place a paid call.</source>
        <translation>Номери, що надходять іззовні (посилання на вебсторінці, буфер обміну), підтверджуються завжди, хай що тут вибрано: вебсторінка не повинна мати змоги здійснити платний дзвінок.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>About confirming</source>
        <translation>Про підтвердження</translation>
    </message>
</context>
<context>
    <name>PortalShortcut</name>
    <message>
        <location filename="../../fmc_desktop/ui/dialing/global_shortcut.py" line="-92"/>
        <source>A global shortcut needs Ctrl, Alt or Meta and one key.</source>
        <translation>Глобальному скороченню потрібні Ctrl, Alt або Meta та одна клавіша.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This desktop offers no global shortcuts to programs (the desktop portal&apos;s GlobalShortcuts is missing).</source>
        <translation>Цей робочий стіл не надає програмам глобальних скорочень (у порталі робочого столу немає GlobalShortcuts).</translation>
    </message>
</context>
<context>
    <name>QuickCheckGroup</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/pages/quick_check.py" line="+54"/>
        <source>Off: missed calls show with the next sync, every few minutes.</source>
        <translation>Вимкнено: пропущені дзвінки з’являться з наступною синхронізацією, раз на кілька хвилин.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>One small request for the last %1 minutes every %2 s (up to %3 a day) while you are at the computer: a missed call shows within about a minute. It pauses while the computer is idle or locked, waits longer after errors, and never asks more often than the sync interval allows.</source>
        <translation>Один невеликий запит за останні %1 хв кожні %2 с (до %3 на день), поки ви за комп’ютером: пропущений дзвінок з’являється приблизно за хвилину. Перевірка стоїть на паузі, коли комп’ютер простоює чи заблокований, після помилок чекає довше і ніколи не питає частіше, ніж дозволяє інтервал синхронізації.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Missed calls sooner</source>
        <translation>Пропущені дзвінки швидше</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check for &amp;missed calls every:</source>
        <translation>Перевіряти &amp;пропущені дзвінки кожні:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off</source>
        <translation>Вимкнено</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seconds between checks for missed calls</source>
        <translation>Секунди між перевірками пропущених дзвінків</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the check for missed calls costs</source>
        <translation>Чого коштує перевірка пропущених дзвінків</translation>
    </message>
</context>
<context>
    <name>QuickDialPopup</name>
    <message>
        <location filename="../../fmc_desktop/ui/dialing/quick_dial.py" line="+238"/>
        <location line="+1"/>
        <source>Quick dial</source>
        <translation>Швидкий набір</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close (Esc)</source>
        <translation>Закрити (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
</context>
<context>
    <name>RepairDialog</name>
    <message>
        <location filename="../../fmc_desktop/ui/archive/repair_dialog.py" line="+51"/>
        <source>The call archive is damaged</source>
        <translation>Архів дзвінків пошкоджено</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>SQLite&apos;s own check found damage in the call archive {path}. Nothing more is written to it. Choose how to make a new one; the damaged file is kept beside it. Afterwards the last 30 days are fetched again from the PBX.</source>
        <translation>Власна перевірка SQLite знайшла пошкодження в архіві дзвінків {path}. У нього більше нічого не записується. Оберіть, як створити новий; пошкоджений файл залишиться поруч. Після цього останні 30 днів буде знову завантажено з АТС.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Restore the backup from {when} ({size})</source>
        <translation>Відновити резервну копію від {when} ({size})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restore a backup (there is no good backup)</source>
        <translation>Відновити резервну копію (справної копії немає)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save every call that can still be read into a new archive</source>
        <translation>Зберегти в новий архів усі дзвінки, які ще можна прочитати</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Repair</source>
        <translation>Відновити</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not now</source>
        <translation>Не зараз</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Repairing… this can take a minute for a big archive.</source>
        <translation>Відновлення… для великого архіву це може тривати хвилину.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The backup from {when} is in place.</source>
        <translation>Резервну копію від {when} відновлено.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} calls were saved into a new archive.</source>
        <translation>Дзвінків збережено в новий архів: {count}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The damaged file was kept as {path}.</source>
        <translation>Пошкоджений файл збережено як {path}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Calls from {start} to {end} are lost unless you import an export file that covers them.</source>
        <translation>Дзвінки з {start} до {end} втрачено, якщо не імпортувати файл експорту, що їх охоплює.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The last 30 days are fetched again now.</source>
        <translation>Останні 30 днів зараз завантажуються знову.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The repair failed: {error}</source>
        <translation>Відновлення не вдалося: {error}</translation>
    </message>
</context>
<context>
    <name>ServerSettingsPage</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/pages/server.py" line="+168"/>
        <source>Enter the proxy&apos;s address, such as http://proxy.example.com:3128.</source>
        <translation>Введіть адресу проксі, наприклад http://proxy.example.com:3128.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy address must be a full http:// or https:// address, such as http://proxy.example.com:3128.</source>
        <translation>Адреса проксі має бути повною адресою http:// або https://, наприклад http://proxy.example.com:3128.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A proxy password cannot be kept in the settings file, which is not a safe place for secrets. Use a proxy that does not need one, or the system&apos;s proxy settings.</source>
        <translation>Пароль проксі не можна зберігати у файлі налаштувань: це не безпечне місце для секретів. Використайте проксі без пароля або системні налаштування проксі.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Address:</source>
        <translation>&amp;Адреса:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server address</source>
        <translation>Адреса сервера</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default</source>
        <translation>Стандартна</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the default server address</source>
        <translation>Використати стандартну адресу сервера</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server address check</source>
        <translation>Перевірка адреси сервера</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Change it only for tests or when Kyivstar moves the API. Each address has its own saved token.</source>
        <translation>Змінюйте її лише для тестів або коли Київстар перенесе API. Для кожної адреси зберігається власний токен.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About the server address</source>
        <translation>Про адресу сервера</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Proxy</source>
        <translation>Проксі</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Use the system&apos;s proxy settings</source>
        <translation>Використовувати системні налаштування проксі</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>No proxy</source>
        <translation>Без проксі</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This proxy:</source>
        <translation>Цей проксі:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use this proxy</source>
        <translation>Використовувати цей проксі</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proxy address</source>
        <translation>Адреса проксі</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proxy address check</source>
        <translation>Перевірка адреси проксі</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/dialog.py" line="+223"/>
        <source>The settings could not be saved: {reason}</source>
        <translation>Не вдалося зберегти налаштування: {reason}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The login start could not be changed: {reason}</source>
        <translation>Не вдалося змінити запуск під час входу: {reason}</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+16"/>
        <source>Settings</source>
        <translation>Налаштування</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Connection</source>
        <translation>З’єднання</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Numbers</source>
        <translation>Номери</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync</source>
        <translation>Синхронізація</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>General</source>
        <translation>Загальні</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data</source>
        <translation>Дані</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Advanced</source>
        <translation>Додатково</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Settings sections</source>
        <translation>Розділи налаштувань</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>OK</source>
        <translation>Гаразд</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply</source>
        <translation>Застосувати</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../fmc_desktop/ui/shell/shortcuts_help.py" line="+54"/>
        <location line="+7"/>
        <source>Keyboard shortcuts</source>
        <translation>Клавіатурні скорочення</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Everything the keyboard can do in this window:</source>
        <translation>Усе, що можна зробити клавіатурою в цьому вікні:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Action</source>
        <translation>Дія</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>Клавіші</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Close the list of shortcuts</source>
        <translation>Закрити список скорочень</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/first_run/sync_page.py" line="+68"/>
        <source>Fetching the calls of the last 30 days…</source>
        <translation>Отримую дзвінки за останні 30 днів…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Fetching part {index} of {count}…</source>
        <translation>Отримую частину {index} з {count}…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New calls so far: {count}</source>
        <translation>Нових дзвінків досі: {count}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Done. Calls in your archive: {count}.</source>
        <translation>Готово. Дзвінків у вашому архіві: {count}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>From now on the app brings the history up to date by itself.</source>
        <translation>Відтепер застосунок сам оновлюватиме історію.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Your settings are saved. You can finish now: the app tries again by itself.</source>
        <translation>Ваші налаштування збережено. Можна завершувати: застосунок спробує ще раз сам.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The first sync</source>
        <translation>Перша синхронізація</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The app copies the calls the PBX keeps (the last 30 days) into an archive on this computer, which keeps them for as long as you like.</source>
        <translation>Застосунок копіює дзвінки, які зберігає АТС (за останні 30 днів), в архів на цьому комп’ютері, де вони лишаються скільки завгодно.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Try again</source>
        <translation>Спробувати ще раз</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try the sync again</source>
        <translation>Повторити синхронізацію</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync progress</source>
        <translation>Перебіг синхронізації</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync status</source>
        <translation>Стан синхронізації</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync details</source>
        <translation>Подробиці синхронізації</translation>
    </message>
</context>
<context>
    <name>SyncSettingsPage</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/pages/sync.py" line="+65"/>
        <source>Automatic sync</source>
        <translation>Автоматична синхронізація</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync &amp;every:</source>
        <translation>Синхронізувати &amp;кожні:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation> хв</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minutes between automatic syncs</source>
        <translation>Хвилин між автоматичними синхронізаціями</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The PBX keeps calls for 30 days; the archive on this computer keeps them for good.</source>
        <translation>АТС зберігає дзвінки 30 днів; архів на цьому комп’ютері зберігає їх назавжди.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About the sync</source>
        <translation>Про синхронізацію</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With each call, also fetch</source>
        <translation>Разом з кожним дзвінком отримувати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Names from the PBX&apos;s address book</source>
        <translation>Імена з адресної книги АТС</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetch names</source>
        <translation>Отримувати імена</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Departments from the address book</source>
        <translation>Відділи з адресної книги</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetch departments</source>
        <translation>Отримувати відділи</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whether each number belongs to the company</source>
        <translation>Чи належить номер компанії</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetch ownership</source>
        <translation>Отримувати належність</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Calls fetched before a change keep what they were fetched with.</source>
        <translation>Дзвінки, отримані до зміни, зберігають те, з чим їх отримали.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About the extra fields</source>
        <translation>Про додаткові поля</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../fmc_desktop/ui/shell/sync_status.py" line="+51"/>
        <source>Not synced yet</source>
        <translation>Ще не синхронізовано</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+35"/>
        <source>Synced at %1</source>
        <translation>Синхронізовано о %1</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Syncing…</source>
        <translation>Синхронізація…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Syncing window %1 of %2…</source>
        <translation>Синхронізація: частина %1 з %2…</translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>%n new call(s)</source>
        <translation>
            <numerusform>%n новий дзвінок</numerusform>
            <numerusform>%n нові дзвінки</numerusform>
            <numerusform>%n нових дзвінків</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The sync stopped because of an unexpected error; the details are in the log.</source>
        <translation>Синхронізацію зупинено через неочікувану помилку; подробиці — у журналі.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Retry</source>
        <translation>Повторити</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry the sync</source>
        <translation>Повторити синхронізацію</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync progress</source>
        <translation>Перебіг синхронізації</translation>
    </message>
</context>
<context>
    <name>TokenDialog</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/token_entry.py" line="+417"/>
        <source>Replace the FMC token</source>
        <translation>Заміна FMC-токена</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the token from the &quot;Settings&quot; section of the &lt;a href=&quot;{url}&quot;&gt;Virtual Mobile PBX integration portal&lt;/a&gt;, paste it here and test the connection.</source>
        <translation>Скопіюйте токен з розділу «Налаштування» &lt;a href=&quot;{url}&quot;&gt;порталу інтеграції Віртуальної мобільної АТС&lt;/a&gt;, вставте його сюди й перевірте з’єднання.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>OK</source>
        <translation>Гаразд</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
</context>
<context>
    <name>TokenEntry</name>
    <message>
        <location line="-277"/>
        <source>The token is 64 characters long: digits 0-9 and letters a-f.</source>
        <translation>Токен має 64 символи: цифри 0-9 і літери a-f.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A token has only digits 0-9 and letters a-f; this text has other characters. Copy the token again.</source>
        <translation>Токен складається лише з цифр 0-9 і літер a-f, а в цьому тексті є інші символи. Скопіюйте токен знову.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{count} of 64 characters so far.</source>
        <translation>Поки що {count} з 64 символів.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} characters: a token has exactly 64.</source>
        <translation>Символів: {count}, а токен має рівно 64.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The token has the right shape. Test the connection next.</source>
        <translation>Токен має правильний вигляд. Тепер перевірте з’єднання.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Testing…</source>
        <translation>Перевіряю…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+179"/>
        <source>Test connection</source>
        <translation>Перевірити з’єднання</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>Testing the connection…</source>
        <translation>Перевіряю з’єднання…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The token works. Saving it in the keyring…</source>
        <translation>Токен працює. Зберігаю його у сховищі паролів…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The token works, and it is saved in {keyring}.</source>
        <translation>Токен працює, і його збережено в {keyring}.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The token works, but it could not be saved.</source>
        <translation>Токен працює, але зберегти його не вдалося.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Keep for this session only</source>
        <translation>Тримати лише на цей сеанс</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The token works. It is kept for this session only and will be asked for again at the next start; to keep it, install or unlock a keyring such as GNOME Keyring or KWallet.</source>
        <translation>Токен працює. Його збережено лише на цей сеанс, і під час наступного запуску його буде запитано знову; щоб зберегти його, встановіть або розблокуйте сховище паролів, наприклад GNOME Keyring чи KWallet.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>FMC &amp;token:</source>
        <translation>FMC-&amp;токен:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FMC token</source>
        <translation>FMC-токен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paste the 64-character token</source>
        <translation>Вставте токен із 64 символів</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Show the token</source>
        <translation>Показати токен</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ask the FMC server for the last few minutes of calls with this token.</source>
        <translation>Запитати в сервера FMC дзвінки за останні кілька хвилин із цим токеном.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Token check</source>
        <translation>Перевірка токена</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection test result</source>
        <translation>Результат перевірки з’єднання</translation>
    </message>
</context>
<context>
    <name>TokenPage</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/first_run/token_page.py" line="+33"/>
        <source>The FMC token</source>
        <translation>FMC-токен</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paste the token, then test the connection. The token is kept in the system&apos;s keyring when there is one, never in a file.</source>
        <translation>Вставте токен і перевірте з’єднання. Токен зберігається в системному сховищі паролів, якщо воно є, ніколи не у файлі.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The same answer comes back for a wrong token and for numbers without the &quot;Convergent&quot; package: if the test fails although the token is right, ask your administrator about the package.</source>
        <translation>API дає однакову відповідь і на неправильний токен, і для номерів без пакета «Convergent»: якщо перевірка не вдається, хоча токен правильний, спитайте адміністратора про пакет.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>About a failed test</source>
        <translation>Про невдалу перевірку</translation>
    </message>
</context>
<context>
    <name>TokenSettingsPage</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/pages/token.py" line="+85"/>
        <source>Looking for the token…</source>
        <translation>Шукаю токен…</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The demo uses the simulator&apos;s own token.</source>
        <translation>Демо використовує власний токен симулятора.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The token could not be read. {reason}</source>
        <translation>Не вдалося прочитати токен. {reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No token is saved.</source>
        <translation>Токен не збережено.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A token is saved in {keyring}.</source>
        <translation>Токен збережено в {keyring}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A token is kept for this session only; it is not saved anywhere.</source>
        <translation>Токен зберігається лише на цей сеанс; ніде його не записано.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The token comes from the FMC_TOKEN environment variable, which overrides a saved token while it is set.</source>
        <translation>Токен узято зі змінної середовища FMC_TOKEN; поки вона задана, вона переважає збережений токен.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The token is kept for this session only: there was no secure keyring to save it in, so it will be asked for again at the next start.</source>
        <translation>Токен зберігається лише на цей сеанс: не знайшлося захищеного сховища паролів, тож під час наступного запуску застосунок попросить його знову.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+35"/>
        <source>Save in the keyring</source>
        <translation>Зберегти у сховищі</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Enter a token…</source>
        <translation>Ввести токен…</translation>
    </message>
    <message>
        <location line="+56"/>
        <location line="+35"/>
        <source>Remove the token</source>
        <translation>Видалити токен</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Remove the FMC token from this computer? The app cannot sync or dial until a token is entered again.</source>
        <translation>Видалити FMC-токен з цього комп’ютера? Доки токен не введуть знову, застосунок не зможе синхронізувати дзвінки й дзвонити.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>FMC token</source>
        <translation>FMC-токен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace token…</source>
        <translation>Замінити токен…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the token</source>
        <translation>Замінити токен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove token</source>
        <translation>Видалити токен</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where the token is kept</source>
        <translation>Де зберігається токен</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The token is kept in the system&apos;s keyring (such as GNOME Keyring, KWallet, the macOS Keychain or the Windows Credential Manager), never in a file.</source>
        <translation>Токен зберігається в системному сховищі паролів (GNOME Keyring, KWallet, «Зв’язка ключів» macOS чи диспетчер облікових даних Windows), ніколи не у файлі.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About the token</source>
        <translation>Про токен</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../../fmc_desktop/ui/dialing/tray.py" line="+349"/>
        <source>No favourites yet</source>
        <translation>Обраних поки немає</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No calls made from this app yet</source>
        <translation>З цього застосунку ще не дзвонили</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Call the number on the clipboard</source>
        <translation>Подзвонити на номер з буфера обміну</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Call {number} from the clipboard</source>
        <translation>Подзвонити на {number} з буфера обміну</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Syncing the call history…</source>
        <translation>Синхронізую історію дзвінків…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 call to return</source>
        <translation>1 дзвінок, на який треба передзвонити</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n calls to return</source>
        <translation>
            <numerusform>%n дзвінок, на який треба передзвонити</numerusform>
            <numerusform>%n дзвінки, на які треба передзвонити</numerusform>
            <numerusform>%n дзвінків, на які треба передзвонити</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quick dial…</source>
        <translation>&amp;Швидкий набір…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Favourites</source>
        <translation>&amp;Обрані</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Recent calls</source>
        <translation>&amp;Нещодавні дзвінки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show &amp;history</source>
        <translation>Показати &amp;історію</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Sync now</source>
        <translation>&amp;Синхронізувати зараз</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Q&amp;uit</source>
        <translation>&amp;Вийти</translation>
    </message>
</context>
<context>
    <name>ViewExport</name>
    <message>
        <location filename="../../fmc_desktop/ui/archive/view_export.py" line="+38"/>
        <source>CSV files (*.csv)</source>
        <translation>Файли CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV for Excel (*.csv)</source>
        <translation>CSV для Excel (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Книги Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON files (*.json)</source>
        <translation>Файли JSON (*.json)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+40"/>
        <source>Export calls</source>
        <translation>Експорт дзвінків</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Exporting %1 of %2 calls to %3…</source>
        <translation>Експортуємо %1 з %2 дзвінків у %3…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Stopping the export…</source>
        <translation>Зупиняємо експорт…</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Export failed</source>
        <translation>Не вдалося експортувати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing was exported: %1</source>
        <translation>Нічого не експортовано: %1</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../fmc_desktop/ui/settings/first_run/welcome_page.py" line="+37"/>
        <source>Welcome to fmc-desktop</source>
        <translation>Вітаємо у fmc-desktop</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your calls at a glance, and dialling from the desktop, for Kyivstar Virtual Mobile PBX.</source>
        <translation>Ваші дзвінки з першого погляду й набір номера зі стільниці — для Віртуальної мобільної АТС Київстар.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>To read your company&apos;s calls and to place calls, the app needs the PBX&apos;s &lt;b&gt;FMC token&lt;/b&gt;: a key of 64 characters that your PBX administrator can copy from the integration portal.</source>
        <translation>Щоб читати дзвінки вашої компанії й дзвонити, застосунку потрібен &lt;b&gt;FMC-токен&lt;/b&gt; АТС: ключ із 64 символів, який адміністратор АТС може скопіювати на порталі інтеграції.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&lt;ol style=&apos;margin-left: -20px&apos;&gt;&lt;li&gt;Open the &lt;a href=&quot;{url}&quot;&gt;Virtual Mobile PBX integration portal&lt;/a&gt; and sign in with the PBX administrator&apos;s login and password.&lt;/li&gt;&lt;li&gt;Go to the &lt;b&gt;Settings&lt;/b&gt; section (called &lt;b&gt;CRM Integration&lt;/b&gt; in newer portals).&lt;/li&gt;&lt;li&gt;Copy the &lt;b&gt;FMC token&lt;/b&gt;, and paste it on the next page.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;ol style=&apos;margin-left: -20px&apos;&gt;&lt;li&gt;Відкрийте &lt;a href=&quot;{url}&quot;&gt;портал інтеграції Віртуальної мобільної АТС&lt;/a&gt; й увійдіть з логіном і паролем адміністратора АТС.&lt;/li&gt;&lt;li&gt;Перейдіть до розділу &lt;b&gt;«Налаштування»&lt;/b&gt; (у новіших порталах він зветься &lt;b&gt;CRM Integration&lt;/b&gt;).&lt;/li&gt;&lt;li&gt;Скопіюйте &lt;b&gt;FMC-токен&lt;/b&gt; і вставте його на наступній сторінці.&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>What the app needs</source>
        <translation>Що потрібно застосунку</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where to find the token</source>
        <translation>Де знайти токен</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No token at hand? &quot;Try the demo&quot; shows the app with a made-up company and its calls; nothing is sent anywhere.</source>
        <translation>Токена під рукою немає? «Спробувати демо» покаже застосунок на вигаданій компанії з її дзвінками; нікуди нічого не надсилається.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About the demo</source>
        <translation>Про демо</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <location filename="../../fmc_desktop/ui/shell/menus.py" line="+103"/>
        <source>Sync now</source>
        <translation>Синхронізувати</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetch new calls from Kyivstar now (F5)</source>
        <translation>Отримати нові дзвінки з Київстару зараз (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export this view…</source>
        <translation>&amp;Експорт показаних дзвінків…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import calls…</source>
        <translation>&amp;Імпорт дзвінків…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import &amp;contacts…</source>
        <translation>Імпорт &amp;контактів…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export c&amp;ontacts…</source>
        <translation>Експорт к&amp;онтактів…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Налаштування…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Вийти</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search calls</source>
        <translation>По&amp;шук дзвінків</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dial a number</source>
        <translation>&amp;Набрати номер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redial</source>
        <translation>&amp;Повторити останній дзвінок</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call the number on the &amp;clipboard</source>
        <translation>Подзвонити на номер із &amp;буфера обміну</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show times in &amp;Kyiv time</source>
        <translation>Показувати &amp;час за Києвом</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Co&amp;mpact window</source>
        <translation>Ко&amp;мпактне вікно</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About fmc-desktop</source>
        <translation>&amp;Про fmc-desktop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Клавіатурні скорочення</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;History</source>
        <translation>&amp;Історія</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;To call back</source>
        <translation>&amp;Передзвонити</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Insights</source>
        <translation>&amp;Аналітика</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;ontacts</source>
        <translation>&amp;Контакти</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Call</source>
        <translation>Д&amp;звінок</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>&amp;Вигляд</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>&amp;Довідка</translation>
    </message>
</context>
<context>
    <name>WindowsHotkey</name>
    <message>
        <location filename="../../fmc_desktop/ui/dialing/global_shortcut.py" line="-65"/>
        <source>A global shortcut needs Ctrl, Alt or Win and a letter, digit or F-key.</source>
        <translation>Глобальному скороченню потрібні Ctrl, Alt або Win та літера, цифра чи F-клавіша.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Another program already uses %1.</source>
        <translation>%1 уже використовує інша програма.</translation>
    </message>
</context>
<context>
    <name>X11Grab</name>
    <message>
        <location line="-126"/>
        <source>A global shortcut needs Ctrl, Alt or Meta and one key.</source>
        <translation>Глобальному скороченню потрібні Ctrl, Alt або Meta та одна клавіша.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>There is no X11 display to listen on.</source>
        <translation>Немає дисплея X11, на якому можна слухати клавіші.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This keyboard has no key for %1.</source>
        <translation>На цій клавіатурі немає клавіші для %1.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Another program already uses %1.</source>
        <translation>%1 уже використовує інша програма.</translation>
    </message>
</context>
</TS>
