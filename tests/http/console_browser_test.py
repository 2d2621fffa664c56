"""The web console driven in headless Chromium (run by console_browser.sh, which starts
and stops the host). Reads "ADMIN_PASSWORD JDOE_PASSWORD" from stdin (never argv, which
other users of the machine can read).

usage: console_browser_test.py BASE_URL SCREENSHOT_DIR PROFILE_DIR < passwords
Exit 0: passed; 1: failed; 77: skipped, the browser could not start.
"""
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

XSS = "<img src=x onerror=alert(1)>"


def start_browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # A root container has no user namespaces for Chromium's sandbox.
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,900", "--user-data-dir=" + profile, "--no-first-run"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Console:
    def __init__(self, driver, base, shots):
        self.driver, self.base, self.shots = driver, base, shots
        self.wait = WebDriverWait(driver, 10, poll_frequency=0.05)  # the default 0.5 s is most of the run

    def find(self, css):
        return self.wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))

    def text_in(self, css, text):
        self.wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))

    def find_xpath(self, xpath):
        return self.wait.until(ec.presence_of_element_located((By.XPATH, xpath)))

    def field(self, path):
        return self.find(f'[id="field-{path}"]')

    def sign_in(self, name, password):
        self.driver.get(self.base + "/")
        self.find("#signin-username").send_keys(name)
        self.find("#signin-password").send_keys(password)
        self.find("#signin-submit").click()
        self.find("#user-list")
        self.text_in("#signed-in-as", name)

    def sign_out(self):
        self.find("#sign-out").click()
        self.find("#signin-form")

    def open_user(self, user_name):
        self.driver.find_element(By.LINK_TEXT, user_name).click()
        self.find("#user-form")

    def save(self):
        self.find("#user-save").click()

    def set_field(self, path, value):
        field = self.field(path)
        field.clear()
        field.send_keys(value)

    def shot(self, name):
        self.driver.save_screenshot(f"{self.shots}/{name}.png")

    def fetch_status(self, path):
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], {credentials: 'same-origin'}).then((r) => done(r.status), () => done(0));", path)


def administrator(c, password):
    c.sign_in("admin", password)
    rows = c.driver.find_elements(By.CSS_SELECTOR, "#user-list tbody tr")
    assert len(rows) == 2, f"the list shows {len(rows)} users, expected admin and jdoe"
    c.shot("console-users")
    c.find("#user-search").send_keys("jdo")
    c.find("#user-search-submit").click()
    c.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#user-list tbody tr")) == 1)
    c.open_user("jdoe")

    # A change saved, then still there after a reload (the session survives it).
    c.set_field("User.Person.Title", "Dr Console")
    c.save()
    c.text_in("#user-notice", "Saved")
    c.driver.refresh()
    assert c.field("User.Person.Title").get_attribute("value") == "Dr Console", "the saved title is not shown after a reload"
    c.shot("console-user")

    # A problem is shown next to its field; nothing is saved.
    c.set_field("User.Name", "")
    c.save()
    c.text_in('[id="error-User.Name"]', "required")

    # A value that looks like HTML stays text.
    c.driver.refresh()
    c.set_field("User.Person.Firstname", XSS)
    c.save()
    c.text_in("#user-notice", "Saved")
    assert XSS in c.find("main h1").text, "the XSS first name is not shown as text"
    assert not c.driver.find_elements(By.CSS_SELECTOR, "main img"), "the XSS first name became an element"

    # The Yes/No command: No runs nothing, Yes runs.
    c.find('button[data-command="Smith Group"]').click()
    c.text_in("#command-question", "Smith Group")
    c.find("#command-answer-No").click()
    c.text_in("#command-status", "not run")
    c.find('button[data-command="Smith Group"]').click()
    c.find("#command-answer-Yes").click()
    c.text_in("#user-notice", "added to the Smith Group")

    # An administrator may write fields an ordinary user may only read.
    assert c.field("User.Name").is_enabled(), "the administrator cannot edit Name"
    c.sign_out()
    assert c.fetch_status("/api/v1/Session") == 401, "the session is still alive after sign-out"


NEW_USER = "kbrowser"


def new_user(c):
    """Creates a user from CreateDefaultUser's form; the same names again are a 409 shown by field."""
    c.find("a.brand").click()
    c.find("#new-user").click()
    c.find("#user-form")
    for path, value in (("User.UserName", NEW_USER), ("User.Name", "Q8Y"), ("User.Person.Firstname", "Kari"),
                        ("User.Person.Lastname", "Browser"), ("User.Person.Email", "kari@example.com")):
        c.set_field(path, value)
    c.shot("console-new-user")
    c.save()
    c.text_in("#user-notice", "Created")
    created = c.driver.current_url.rsplit("/", 1)[1]
    assert created.isdigit(), f"not on the new user's page: {c.driver.current_url}"

    c.find("a.brand").click()
    c.find("#new-user").click()
    c.set_field("User.UserName", "JDOE")
    c.set_field("User.Name", "Q9Y")
    c.set_field("User.Person.Lastname", "Clash")
    c.save()
    c.text_in('[id="error-User.UserName"]', "already taken")
    c.text_in("#user-message", "taken by another user")
    return created


def password_tab(c, user_id):
    """Generates the new user's password: shown once, and it signs in."""
    c.driver.get(f"{c.base}/#/user/{user_id}")
    c.find("#tab-passwords").click()
    c.find("#password-generate").click()
    c.find("#confirm-answer-Ok").click()
    c.wait.until(lambda d: len(d.find_element(By.ID, "generated-password").text) >= 12)
    password = c.find("#generated-password").text
    c.shot("console-password")
    return password


def token_tab(c, user_id):
    """Issues a token (its secret shown once, and it works as Bearer), lists it, revokes it."""
    c.driver.get(f"{c.base}/#/user/{user_id}")
    c.find("#tab-tokens").click()
    c.find("#token-label").send_keys("browser test")
    c.find("#token-issue").click()
    c.text_in("#token-secret", "ust_")
    secret = c.find("#token-secret").text
    c.find("#token-list tbody tr")
    c.shot("console-tokens")
    whom = c.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/v1/User/currentUser', {headers: {Authorization: 'Bearer ' + arguments[0]}})"
        ".then((r) => r.json()).then((j) => done(j.UserName), () => done(null));", secret)
    assert whom == NEW_USER, f"the issued token signs in as {whom}"
    c.find("#tab-details").click()
    c.find("#tab-tokens").click()
    c.find("#token-list tbody tr")
    assert secret not in c.find("main").text, "the token's secret is shown again"
    c.find("#token-list button.revoke").click()
    c.find("#confirm-answer-Ok").click()
    c.find("#tokens-none")


def history_tab(c, user_id):
    c.driver.get(f"{c.base}/#/user/{user_id}")
    c.find("#tab-history").click()
    c.text_in("#history", "User.UserName")
    c.text_in("#history", "password changed")
    c.shot("console-history")


def delete_user(c, user_id):
    c.driver.get(f"{c.base}/#/user/{user_id}")
    c.find("#user-delete").click()
    c.find("#confirm-answer-Cancel").click()
    c.find("#user-form")
    c.find("#user-delete").click()
    c.find("#confirm-answer-Ok").click()
    c.find("#user-list")
    assert not c.driver.find_elements(By.LINK_TEXT, NEW_USER), "the deleted user is still listed"


def columns(c):
    """The columns chosen stay chosen after a reload; the browser keeps only their names."""
    c.find("#column-firstname").click()
    c.text_in("#user-list thead", "First name")
    c.driver.refresh()
    c.text_in("#user-list thead", "First name")
    kept = c.driver.execute_script("return JSON.parse(localStorage.getItem('userservice.columns'))")
    assert set(kept) == {"userName", "name", "email", "firstname"}, f"localStorage holds {kept}"
    stored = c.driver.execute_script("return Object.keys(localStorage)")
    assert set(stored) <= {"userservice.columns", "userservice.language"}, f"localStorage holds {stored}"
    c.find("#column-firstname").click()
    c.wait.until(lambda d: "First name" not in d.execute_script(
        "return document.querySelector('#user-list thead')?.textContent ?? 'First name'"))  # re-rendered


def new_user_flows(c, admin_password):
    c.sign_in("admin", admin_password)
    columns(c)
    user_id = new_user(c)
    password = password_tab(c, user_id)
    token_tab(c, user_id)
    history_tab(c, user_id)
    c.sign_out()
    c.sign_in(NEW_USER, password)  # the generated password signs in
    c.sign_out()
    c.sign_in("admin", admin_password)
    delete_user(c, user_id)
    c.sign_out()


GROUP = "Browser Group"


def group_row(c, name):
    return c.find_xpath(f"//table[@id='group-list']//tr[td[contains(., '{name}')]]")


def groups_page(c):
    """Adds a group, renames it, retires it; deleting a group that is someone's is a 409 shown as such."""
    c.find("#nav-groups").click()
    c.find("#group-list")
    c.find("#group-new-name").send_keys(GROUP)
    c.find("#group-add").click()
    c.text_in("#group-status", f"{GROUP} added")
    group_row(c, GROUP).find_element(By.CSS_SELECTOR, ".group-rename").click()
    rename = c.find(".group-rename-input")
    rename.clear()
    rename.send_keys("Browser Team")
    c.find(".group-rename-save").click()
    c.text_in("#group-status", "Renamed to Browser Team")
    group_row(c, "Browser Team").find_element(By.CSS_SELECTOR, ".group-retire").click()
    c.find("#confirm-answer-Ok").click()
    c.text_in("#group-status", "retired")
    row = group_row(c, "Browser Team")
    assert "retired" in row.get_attribute("class") and "retired" in row.text, "the retired group is not marked"
    group_row(c, "Smith Group").find_element(By.CSS_SELECTOR, ".group-delete").click()
    c.find("#confirm-answer-Ok").click()
    c.text_in("#group-conflict", "users still have it")
    c.find("#group-move-delete")
    c.shot("console-groups")
    c.find("#nav-credentials").click()
    c.text_in("#credential-types", "password")


def roles_page(c):
    """A role's name that another role has is refused by its field; a functional right unticked and saved
    is still unticked after a reload; a data right without r is refused with its reason under the grid."""
    c.find("#nav-roles").click()
    c.find("#role-list")
    c.driver.find_element(By.LINK_TEXT, "Administrator").click()
    name = c.find("#role-name")
    name.clear()
    name.send_keys("employee")  # another role's name, ignoring case
    c.find("#role-save").click()
    c.text_in('[id="error-RoleEntity.Name"]', "is taken")
    right = '[id="right-see-retired-users"]'
    assert c.find(right).is_selected(), "the Administrator role does not hold see-retired-users"
    c.find(right).click()
    c.find("#functional-rights-save").click()
    c.text_in("#functional-rights-status", "saved")
    c.driver.refresh()
    c.find("#data-rights")
    assert not c.find(right).is_selected(), "the unticked right is ticked again after a reload"
    c.driver.set_window_size(1280, 1200)  # the whole page, for docs/console-roles.png
    c.shot("console-roles")
    c.driver.set_window_size(1280, 900)
    write, read = '[id="data-credentials-Other-w"]', '[id="data-credentials-Other-r"]'
    assert not c.find(read).is_selected(), "others' credentials are readable: pick another cell"
    c.find(write).click()
    c.find("#data-rights-save").click()
    c.text_in("#data-rights-status", "not saved")
    c.text_in("#data-rights-status", "dataRightValue")


def administration(c, admin_password):
    c.sign_in("admin", admin_password)
    groups_page(c)
    roles_page(c)
    c.sign_out()


def ordinary_user(c, password):
    c.sign_in("jdoe", password)
    c.open_user("admin")
    name = c.field("User.Name")
    assert not name.is_enabled(), "an ordinary user may edit the administrator's Name"
    assert not c.driver.find_elements(By.CSS_SELECTOR, '[id="field-User.RequestSignature"]'), \
        "a field the ordinary user may not read is shown"
    assert c.driver.find_element(By.ID, "user-save").get_attribute("disabled") is not None, \
        "an ordinary user is offered to save another user"
    c.shot("console-user-readonly")
    # No administration is offered; a role's rights opened anyway are the host's 403, shown as such.
    for page in ("groups", "roles", "credentials"):
        assert not c.driver.find_elements(By.ID, f"nav-{page}"), f"the {page} page is offered to an ordinary user"
    c.driver.get(f"{c.base}/#/role/1")
    c.text_in("#functional-rights-error", "Not allowed")
    c.text_in("#data-rights-error", "admin-roles")
    c.driver.get(f"{c.base}/#/admin/groups")
    c.find("#group-list")
    assert not c.driver.find_elements(By.ID, "group-add-form"), "an ordinary user is offered to add a group"
    c.sign_out()


def main():
    base, shots, profile = sys.argv[1:4]
    admin_password, jdoe_password = sys.stdin.read().split()
    started = time.monotonic()
    timings = []
    try:
        driver = start_browser(profile)
    except WebDriverException as error:
        print(f"SKIP: headless Chromium could not start here: {error.msg}", file=sys.stderr)
        return 77
    try:
        c = Console(driver, base, shots)
        for name, phase, password in (("users", administrator, admin_password),
                                      ("new user", new_user_flows, admin_password),
                                      ("administration", administration, admin_password),
                                      ("ordinary user", ordinary_user, jdoe_password)):
            began = time.monotonic()
            phase(c, password)
            timings.append(f"{name} {time.monotonic() - began:.1f} s")
    except Exception:
        try:
            driver.save_screenshot(f"{shots}/console-failure.png")
            print("--- page at the failure:", driver.current_url, file=sys.stderr)
            print(driver.find_element(By.TAG_NAME, "body").text, file=sys.stderr)
            for entry in driver.get_log("browser"):
                print("browser:", entry, file=sys.stderr)
        except WebDriverException:
            pass
        raise
    finally:
        driver.quit()
    print(f"console in Chromium: all checks passed in {time.monotonic() - started:.1f} s ({', '.join(timings)}; "
          f"screenshots in {shots})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
