/**
 * The sandbox generator's content pools (titles, users, files, URLs, registry keys…) and weight
 * tables, modelled on the public alert samples: data only, so generator.ts reads as the algorithm.
 */
export const TITLES: Record<string, string[]> = {
	Execution: [
		'Low-reputation arbitrary code executed by signed executable',
		'Suspicious PowerShell command line',
		'Suspicious process executed PowerShell command',
		'Anomalous scheduled task execution',
	],
	SuspiciousActivity: [
		"Suspicious 'Meterpreter' behavior was detected",
		'Suspicious sequence of exploration activities',
		'Unusual number of failed sign-in attempts',
	],
	Malware: [
		"An active 'Exeselrun' malware was detected",
		"'Mimikatz' credential theft tool was prevented",
		"An active 'Emotet' malware in a command line was prevented from executing",
	],
	DefenseEvasion: [
		'Suspicious file dropped and launched',
		'Process injection detected',
		'Event log was cleared',
	],
	CommandAndControl: [
		'Connection to a custom network indicator',
		'Suspicious network connection to a known C&C server',
	],
	CredentialAccess: [
		'Suspicious access to LSASS service',
		'Possible theft of passwords and other sensitive information',
	],
	LateralMovement: [
		'Suspicious remote activity (SMB/WMI)',
		'Possible lateral movement using PsExec',
	],
	Persistence: [
		'Anomaly detected in ASEP registry',
		'New service installed with suspicious binary path',
	],
	PrivilegeEscalation: ['Suspicious token manipulation', 'UAC bypass attempt detected'],
	Discovery: ['Suspicious account discovery', 'Anomalous network reconnaissance'],
	InitialAccess: ['Suspicious Office child process', 'Malicious email attachment opened'],
	Exfiltration: [
		'Suspicious upload to cloud storage',
		'Large volume of data staged for exfiltration',
	],
	Ransomware: [
		'Ransomware behavior detected in the file system',
		"Possible 'Ryuk' ransomware activity",
	],
	UnwantedSoftware: [
		"'CoinMiner' unwanted software was detected",
		'Potentially unwanted application was blocked',
	],
};

export const UNICODE_TITLES = [
	'Activité suspecte détectée sur « Poste-Ünïcødé »',
	'可疑的进程注入 — 已检测到',
	'Подозрительная активность учётной записи',
	'Verdächtige Ausführung von „rundll32.exe“',
	'🔥 Ransomware-like encryption on 𝔡𝔢𝔳𝔦𝔠𝔢',
	'Alerta: ejecución sospechosa en C:\\Usuarios\\José\\Descargas',
	"O'Brien's workstation ran 'Invoke-Mimikatz' ‐ ‘smart quotes’",
	'عملية مشبوهة تم اكتشافها',
	'不審な PowerShell コマンド ライン',
];

export const DESCRIPTIONS = [
	'Binaries signed by Microsoft can be used to run low-reputation arbitrary code. This technique hides the execution of malicious code within a trusted process. As a result, the trusted process might exhibit suspicious behaviors, such as opening a listening port or connecting to a command-and-control (C&C) server.',
	'Malware and unwanted software are undesirable applications that perform annoying, disruptive, or harmful actions on affected machines. Some of these undesirable applications can replicate and spread from one machine to another. Others are able to receive commands from remote attackers and perform activities associated with cyber attacks.\n\nA malware is considered active if it is found running on the machine or it already has persistence mechanisms in place. Active malware detections are assigned higher severity ratings.\n\nBecause this malware was active, take precautionary measures and check for residual signs of infection.',
	'A process accessed the memory of the Local Security Authority Subsystem Service (LSASS). Attackers read LSASS memory to obtain credentials.',
	'The process connected to an IP address or URL that matched a custom indicator (CustomerTI) defined by your organization.',
	'A suspicious PowerShell command line was observed: "powershell.exe -nop -w hidden -enc …". Encoded commands are commonly used to evade detection.\r\nReview the full command line and the process tree.',
	'Une activité suspecte a été observée : « cmd.exe /c whoami & net user ». Vérifiez l’arborescence des processus.\n疑わしいアクティビティ。\tTabs, "double quotes", \'single quotes\', <angle brackets> & ampersands; backslash \\ end.',
	'',
];

export const LONG_PARAGRAPH =
	'Investigation notes — repeated detections on the same device group. Évènements liés: 🔍 λ-calculus ≠ ∑; Ärger über Größe; 中文字符; עברית; ‘quotes’ "dq" \\ back\\slash <tag>&amp;\n';

export const THREAT_FAMILIES = [
	'Meterpreter',
	'Exeselrun',
	'Emotet',
	'Mimikatz',
	'CoinMiner',
	'Ryuk',
	'Qakbot',
	'Cobalt Strike',
];
export const MITRE: Record<string, string[]> = {
	Execution: ['T1059', 'T1059.001', 'T1064', 'T1085', 'T1218.011', 'T1220'],
	DefenseEvasion: ['T1055', 'T1070.001', 'T1218', 'T1027', 'T1562.001'],
	CredentialAccess: ['T1003', 'T1003.001', 'T1110', 'T1555'],
	LateralMovement: ['T1021.002', 'T1570', 'T1047'],
	Persistence: ['T1547.001', 'T1543.003', 'T1053.005'],
	default: ['T1071', 'T1105', 'T1204.002', 'T1566.001', 'T1082', 'T1486', 'T1567.002'],
};
export const DOMAINS = ['CONTOSO', 'FABRIKAM', 'DOMAIN', 'NORTHWIND', 'ÆRØ'];
export const USERS = [
	'temp123',
	'alice',
	'bob.smith',
	'svc_backup',
	"o'brien",
	'josé.garcía',
	'администратор',
	'管理者',
	'admin$',
];
export const OWNERS = [
	'secop123@contoso.com',
	'secop2@contoso.com',
	'analyst@mssp.example',
	"o'neil@contoso.com",
	'SOC Team',
	'Automation',
	'zoë.müller@fabrikam.de',
];
export const COMMENTERS = [
	'secop123@contoso.com',
	'analyst@mssp.example',
	'Automation',
	'tier2@mssp.example',
];
export const COMMENTS = [
	'test comment for docs',
	'Investigating — looks like a pen test.',
	'Confirmed with the user; closing.',
	"User said 'not me'. Escalating.",
	'Réinitialisé le mot de passe 🔐',
	'',
];
export const RBAC_GROUPS = [
	'A',
	'MiddleEast',
	'Servers - Tier 0',
	'Workstations',
	'Ünïcode Group',
	'Finance & Legal',
];
export const PROCESS_FILES: Array<[string, string, string]> = [
	['rundll32.exe', 'C:\\Windows\\SysWOW64', 'rundll32.exe  c:\\temp\\suspicious.dll,RepeatAfterMe'],
	[
		'powershell.exe',
		'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
		'powershell.exe -NoProfile -ExecutionPolicy Bypass -EncodedCommand SQBFAFgA',
	],
	['cmd.exe', 'C:\\Windows\\System32', 'cmd.exe /c "whoami & net user /domain"'],
	[
		'mshta.exe',
		'C:\\Windows\\System32',
		'mshta.exe vbscript:Execute("CreateObject(""WScript.Shell"").Run ""calc""")',
	],
	[
		'wmic.exe',
		'C:\\Windows\\System32\\wbem',
		"wmic process call create 'C:\\Users\\José\\AppData\\Local\\Temp\\x.exe'",
	],
	['explorer.exe', 'C:\\Windows', 'C:\\Windows\\Explorer.EXE'],
];
export const PARENTS: Array<[string, string]> = [
	['rundll32.exe', 'C:\\Windows\\System32'],
	['explorer.exe', 'C:\\Windows'],
	['winword.exe', 'C:\\Program Files\\Microsoft Office\\root\\Office16'],
	['services.exe', 'C:\\Windows\\System32'],
];
export const FILES: Array<[string, string]> = [
	['suspicious.dll', 'c:\\temp'],
	['SB.xsl', 'C:\\Windows\\Temp\\sb-sim-temp-ikyxqi\\sb_10554_bs_h4qpk5'],
	['invoice_2024.pdf.exe', 'C:\\Users\\alice\\Downloads'],
	['mimikatz.exe', 'C:\\ProgramData'],
	['résumé.docm', 'C:\\Users\\José\\Documents'],
	['报告.xlsm', 'C:\\Users\\li\\Desktop'],
];
export const URLS = [
	'http://malicious.example.com/payload.bin',
	'https://login.micros0ft-support.example/oauth?client=123&redirect=https%3A%2F%2Fevil',
	'hxxp://198.51.100.23:8080/a.ps1',
	'https://xn--80ak6aa92e.example/путь?q=1',
];
export const REG_KEYS: Array<[string, string, string, string]> = [
	[
		'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
		'HKEY_LOCAL_MACHINE',
		'String',
		'C:\\ProgramData\\updater.exe',
	],
	[
		'Software\\Classes\\ms-settings\\Shell\\Open\\command',
		'HKEY_CURRENT_USER',
		'String',
		'cmd.exe /c start payload.exe',
	],
	['SYSTEM\\CurrentControlSet\\Services\\EvilSvc', 'HKEY_LOCAL_MACHINE', 'Dword', '2'],
];
export const DETECTION_STATUSES = ['Detected', 'Blocked', 'Prevented', null];

// Weight tables (hoisted so the hot loop allocates nothing for them)
export const UPDATE_DIGIT_WEIGHTS = [
	[0, 4],
	[1, 14],
	[2, 30],
	[3, 16],
	[4, 6],
	[5, 5],
	[6, 5],
	[7, 20],
] as const;
export const SEVERITY_WEIGHTS = [
	['UnSpecified', 2],
	['Informational', 18],
	['Low', 35],
	['Medium', 30],
	['High', 15],
] as const;
export const STATUS_WEIGHTS = [
	['New', 45],
	['InProgress', 20],
	['Resolved', 33],
	['Unknown', 2],
] as const;
export const SOURCE_WEIGHTS = [
	['WindowsDefenderAtp', 50],
	['WindowsDefenderAv', 25],
	['CustomerTI', 8],
	['WindowsDefenderSmartScreen', 6],
	['AutomatedInvestigation', 6],
	['CustomDetection', 5],
] as const;
export const MITRE_COUNT_WEIGHTS = [
	[0, 20],
	[1, 30],
	[2, 25],
	[3, 20],
	[4, 5],
] as const;
export const COMMENT_COUNT_WEIGHTS = [
	[0, 70],
	[1, 20],
	[2, 7],
	[3, 3],
] as const;
export const EVIDENCE_COUNT_WEIGHTS = [
	[0, 15],
	[1, 30],
	[2, 25],
	[3, 18],
	[4, 7],
	[6, 5],
] as const;
export const EVIDENCE_TYPE_WEIGHTS = [
	['User', 25],
	['Process', 25],
	['File', 25],
	['Ip', 10],
	['Url', 8],
	['Registry', 7],
] as const;
