"""Statements from other industries (healthcare, retail, logistics, finance, public sector,
manufacturing), written for the first rules engine after its lexicons were tuned. The second
table holds outcomes that use words the rules listen for (report, daily, existing, Excel, budget,
first... then) and must still read as outcomes. None of them is in the model's training data;
the few the model misses are marked, so that a fix shows (a strict xfail fails once it passes)."""

from __future__ import annotations

import pytest

from partnership.domain.language import classify

OUT, CON, PRE = "outcome", "constraint", "prescriptive"

FRESH = {
    "en": [
        (
            "Nurses can see a patient's allergies on the ward tablet before giving any medication.",
            OUT,
        ),
        ("Cut the average time a container waits at the gate to under 20 minutes.", OUT),
        ("Shoppers should be able to find the nearest store that has their size in stock.", OUT),
        ("Loan officers need fewer clicks to approve a small business loan.", OUT),
        ("Make the permit portal less confusing for citizens.", OUT),
        ("Lab results must be kept for ten years, as the Health Records Act requires.", CON),
        ("The new line-monitoring screens have to integrate with our existing MES.", CON),
        ("Everything must be live by 30 September, when the old contract ends.", CON),
        ("Card payments must stay PCI DSS compliant; we will not take that risk.", CON),
        ("This phase has a hard cap of $120,000 including licences.", CON),
        (
            "Our hospital IT only supports SQL Server, so the reporting database must run on SQL "
            "Server.",
            CON,
        ),
        ("Build the route planner in Go with a Kafka queue in between, it's the modern way.", PRE),
        ("Could you please have Priya handle the integration work instead of the new guy?", PRE),
        ("I want a status update every hour on the warehouse migration.", PRE),
        ("Your engineers should be online from 7am to 4pm our time, Monday to Saturday.", PRE),
        (
            "Shoppers can filter by size, and please use Elasticsearch for the search, I like it.",
            PRE,
        ),
        ("Don't write unit tests for the claims module, our QA team will test it by hand.", PRE),
    ],
    "es": [
        (
            "Que los pacientes puedan pedir cita con su médico desde el móvil en menos de un "
            "minuto.",
            OUT,
        ),
        ("Reducir los errores de inventario en los almacenes por debajo del 1%.", OUT),
        ("Los clientes del banco ven sus recibos domiciliados antes de que se cobren.", OUT),
        ("Mejorar la sede electrónica.", OUT),
        ("Los conductores tienen que saber qué paquete va primero sin preguntar a nadie.", OUT),
        (
            "Las historias clínicas no pueden salir de la UE, lo exige la normativa de "
            "protección de datos.",
            CON,
        ),
        ("Las facturas tienen que seguir llegando a nuestro SAP actual.", CON),
        ("El gasto total de la fase no puede superar los 90.000 euros.", CON),
        ("La fecha límite es el 30 de junio, no hay margen.", CON),
        ("Como ayuntamiento, la web debe cumplir el Real Decreto 1112/2018 de accesibilidad.", CON),
        ("Programadlo en Django, que es lo que usa mi sobrino.", PRE),
        ("Quiero que Lucía se encargue del frontend y no el becario.", PRE),
        ("Enviadme un informe de estado cada tres horas mientras dure la migración.", PRE),
        ("¿Podríais usar React en lugar de Angular? Me parece más moderno.", PRE),
        ("Empezad por el módulo de nóminas, luego el de vacaciones y al final los informes.", PRE),
        ("Los desarrolladores deben estar conectados de 9 a 19 por si les llamamos.", PRE),
    ],
    "it": [
        ("I pazienti ricevono il referto sul telefono entro 24 ore dal prelievo.", OUT),
        ("Ridurre del 30% le chiamate al call center per lo stato delle spedizioni.", OUT),
        ("Il cassiere chiude la giornata senza contare a mano gli scontrini.", OUT),
        ("Rendere il portale dei fornitori più chiaro.", OUT),
        ("I clienti della banca possono bloccare la carta dall'app in pochi secondi.", OUT),
        ("I dati dei correntisti devono restare in Italia, come impone la Banca d'Italia.", CON),
        ("Il nuovo modulo deve integrarsi con il nostro gestionale esistente.", CON),
        ("La spesa non può superare i 70.000 euro per questa fase.", CON),
        ("Si va in produzione il 15 settembre. Non si discute.", CON),
        ("Come pubblica amministrazione dobbiamo rispettare le linee guida AgID.", CON),
        ("Usate Vue, mio nipote dice che è il migliore.", PRE),
        ("Voglio che il backend lo faccia Marco, non lo stagista.", PRE),
        ("Mandatemi un aggiornamento ogni due ore su come va la migrazione.", PRE),
        ("Potreste usare MySQL invece di PostgreSQL? Ci sentiremmo più tranquilli.", PRE),
        ("Iniziate dal magazzino, poi la fatturazione e solo alla fine il portale.", PRE),
        ("Gli sviluppatori devono essere disponibili dalle 8 alle 20, anche il sabato.", PRE),
    ],
    "sv": [
        ("Sjuksköterskorna ser patientens allergier i surfplattan innan de ger läkemedel.", OUT),
        ("Halvera tiden det tar att lasta en lastbil på terminalen.", OUT),
        ("Kunderna kan hitta närmaste butik som har deras storlek i lager.", OUT),
        ("Förbättra e-tjänsten för bygglov.", OUT),
        ("Handläggarna ska kunna se hela ärendet på en skärm utan att leta.", OUT),
        ("Patientdata får inte lämna Sverige, enligt patientdatalagen.", CON),
        ("Fakturorna måste fortsätta gå in i vårt befintliga ekonomisystem.", CON),
        ("Budgeten för fasen är max 400 000 kronor.", CON),
        ("Lansering 15 oktober, datumet ligger fast.", CON),
        ("Som kommun måste vi följa lagen om tillgänglighet till digital offentlig service.", CON),
        ("Bygg det i Angular, det känns modernare.", PRE),
        ("Låt Sara ta frontend, inte praktikanten.", PRE),
        ("Jag vill ha en lägesrapport varje timme tills lagret är flyttat.", PRE),
        (
            "Skulle ni kunna använda PostgreSQL i stället för MySQL? Vi tycker bara att det är "
            "bättre.",
            PRE,
        ),
        ("Börja med lönemodulen, sen semestermodulen, sist rapporterna.", PRE),
        ("Utvecklarna ska vara tillgängliga mellan 7 och 16, även på lördagar.", PRE),
    ],
    "ar": [
        ("يرى الممرضون حساسية المريض على الجهاز اللوحي قبل إعطاء أي دواء.", OUT),
        ("تقليص وقت انتظار الشاحنات عند البوابة إلى أقل من عشرين دقيقة.", OUT),
        ("يستطيع المتسوقون معرفة أقرب فرع يتوفر فيه مقاسهم.", OUT),
        ("تحسين بوابة التراخيص.", OUT),
        ("نحتاج أن يقدم المواطن طلبه دون زيارة المكتب، والطريقة تعود إليكم.", OUT),
        ("يجب أن تبقى بيانات العملاء داخل المملكة وفق نظام حماية البيانات الشخصية.", CON),
        ("يجب أن يتكامل النظام الجديد مع نظام Oracle الحالي لدينا.", CON),
        ("لا يجوز أن تتجاوز ميزانية المرحلة 500 ألف ريال.", CON),
        ("الإطلاق يوم 15 أكتوبر ولا تأجيل.", CON),
        ("بصفتنا جهة حكومية يجب الالتزام بمعايير الإتاحة الرقمية.", CON),
        ("اكتبوه بـ Laravel لأن ابن عمي يقول إنه الأفضل.", PRE),
        ("أريد أن تتولى سارة الواجهة الأمامية وليس المتدرب.", PRE),
        ("أرسلوا لي تحديثاً كل ساعة عن سير النقل.", PRE),
        ("هل يمكنكم استخدام MySQL بدلاً من PostgreSQL؟", PRE),
        ("ابدؤوا بوحدة الرواتب ثم الإجازات ثم التقارير.", PRE),
        ("على مطوريكم أن يكونوا متاحين من السابعة حتى الرابعة بتوقيتنا.", PRE),
    ],
}

TRICKY = {
    "en": [
        ("Branch managers get a daily sales report by 8 am.", OUT),
        ("Lab technicians can run tests and see results the same day.", OUT),
        ("Existing customers can renew their policy online in five minutes.", OUT),
        ("Finance can export the ledger to Excel at month end.", OUT),
        ("Drivers first scan the parcel, then the customer signs on the phone.", OUT),
        ("Customers in the EU can pay in euros.", OUT),
        ("The financial controller sees every cost centre's budget versus actuals.", OUT),
        ("Patients get an SMS update every hour while their surgery is running.", OUT),
        ("Store staff can see who works on each shift.", OUT),
        ("Junior doctors can swap shifts without calling the rota office.", OUT),
        ("Reduce delivery costs by €2 per parcel.", OUT),
        ("Citizens can track their application status at any time.", OUT),
        ("Operators are alerted within a minute when a machine stops on the line.", OUT),
        ("Customers can download statements as PDF or Excel.", OUT),
        ("Our team needs to spend less time on manual data entry.", OUT),
        ("Use our logo and brand colours on every email.", CON),
        ("Pricing must follow the consumer protection rules.", CON),
        ("No releases during the year-end close.", CON),
        ("The ERP integration must keep working with our SAP.", CON),
        ("Write the backend in Rust, it's faster.", PRE),
        ("Please put all the validation logic in the database.", PRE),
        ("Our devs need to be at their desks 9 to 5.", PRE),
    ],
    "es": [
        ("Los gestores de sucursal reciben cada mañana un informe de ventas.", OUT),
        ("Los pacientes ven los resultados de sus pruebas el mismo día.", OUT),
        ("Los clientes existentes renuevan su póliza online en cinco minutos.", OUT),
        ("Contabilidad puede exportar el libro mayor a Excel.", OUT),
        ("Los clientes pueden pagar a plazos desde la app.", OUT),
        ("Los clientes en España pueden pagar con Bizum.", OUT),
        ("Los conductores primero escanean el paquete y luego el cliente firma.", OUT),
        ("Reducir los costes de envío en 2 euros por pedido.", OUT),
        ("Los ciudadanos consultan el estado de su expediente en cualquier momento.", OUT),
        ("Usad el logotipo y los colores corporativos en todos los correos.", CON),
        ("Escribid el backend en Go, es más rápido.", PRE),
    ],
    "it": [
        ("I direttori di filiale ricevono ogni mattina un report delle vendite.", OUT),
        ("I pazienti vedono gli esiti degli esami il giorno stesso.", OUT),
        ("I clienti esistenti rinnovano la polizza online in cinque minuti.", OUT),
        ("L'amministrazione esporta il libro mastro in Excel.", OUT),
        ("I clienti vedono la scadenza di ogni fattura.", OUT),
        ("I clienti in Italia possono pagare con Satispay.", OUT),
        ("I cittadini seguono lo stato della pratica in qualsiasi momento.", OUT),
        ("Ridurre i costi di spedizione di 2 euro a pacco.", OUT),
        ("Mettete tutta la logica di validazione nel database.", PRE),
    ],
    "sv": [
        ("Filialcheferna får en daglig försäljningsrapport klockan 8.", OUT),
        ("Patienterna ser sina provsvar samma dag.", OUT),
        ("Befintliga kunder kan förnya sin försäkring på fem minuter.", OUT),
        ("Ekonomi kan exportera huvudboken till Excel.", OUT),
        ("Kunderna kan bara betala med kort i dag, de vill kunna använda Swish.", OUT),
        ("Kunder i Sverige kan betala med Swish.", OUT),
        ("Medborgarna ser när som helst var deras ärende ligger.", OUT),
        ("Lagret ska klara dubbelt så många order under julhandeln.", OUT),
        ("Lägg all valideringslogik i databasen.", PRE),
    ],
    "ar": [
        ("يحصل مديرو الفروع على تقرير مبيعات يومي قبل الثامنة.", OUT),
        ("يرى المرضى نتائج تحاليلهم في نفس اليوم.", OUT),
        ("يستطيع العملاء الحاليون تجديد وثيقة التأمين خلال خمس دقائق.", OUT),
        ("تستطيع المالية تصدير دفتر الأستاذ إلى Excel.", OUT),
        ("يستطيع العملاء داخل المملكة الدفع عبر مدى.", OUT),
        ("يتابع المواطن حالة طلبه في أي وقت.", OUT),
        ("خفض تكلفة الشحن 5 ريال لكل طلب.", OUT),
        ("يستطيع العملاء إدارة حساباتهم من تطبيق واحد.", OUT),
        ("ضعوا كل منطق التحقق في قاعدة البيانات.", PRE),
    ],
}


# What the model reads otherwise, as measured when it was trained (issue 13).
_BUDGET_LINE = "The financial controller sees every cost centre's budget versus actuals."
KNOWN_MISSES = {
    "Our team needs to spend less time on manual data entry.": "read as prescriptive",
    _BUDGET_LINE: "read as a constraint",
    "Our devs need to be at their desks 9 to 5.": "read as an outcome",
    "Contabilidad puede exportar el libro mayor a Excel.": "Excel read as a tool",
    "L'amministrazione esporta il libro mastro in Excel.": "Excel read as a tool",
    "تستطيع المالية تصدير دفتر الأستاذ إلى Excel.": "Excel read as a tool",
}


def _rows(table: dict[str, list[tuple[str, str]]]) -> list:
    return [
        pytest.param(
            lang,
            text,
            label,
            marks=pytest.mark.xfail(strict=True, reason=f"known miss: {KNOWN_MISSES[text]}"),
        )
        if text in KNOWN_MISSES
        else (lang, text, label)
        for lang, rows in table.items()
        for text, label in rows
    ]


@pytest.mark.parametrize(("lang", "text", "label"), _rows(FRESH))
def test_fresh_statements_from_other_industries(lang, text, label):
    reading = classify(text)
    assert (reading.lang, reading.category) == (lang, label), reading.reasons


@pytest.mark.parametrize(("lang", "text", "label"), _rows(TRICKY))
def test_words_the_rules_listen_for_do_not_mislead_them(lang, text, label):
    reading = classify(text)
    assert (reading.lang, reading.category) == (lang, label), reading.reasons
